package io.kubesim.gateway.auth;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import io.kubesim.gateway.api.Responses;
import io.kubesim.model.status.Statuses;

/**
 * Authenticates every API request by its bearer token (401 Unauthorized without a valid one). On an insecure
 * loopback gateway a request without a token is the admin, because kubectl sends no token over plain HTTP.
 */
public final class AuthenticationFilter extends OncePerRequestFilter {

    public static final String USER_ATTRIBUTE = AuthenticationFilter.class.getName() + ".user";

    private final TokenAuthenticator tokens;
    private final boolean insecureLoopback;

    public AuthenticationFilter(TokenAuthenticator tokens, boolean insecureLoopback) {
        this.tokens = tokens;
        this.insecureLoopback = insecureLoopback;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String header = req.getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : null;
        Optional<UserInfo> user = Optional.empty();
        if (token != null && tokens != null) {
            user = tokens.authenticate(token);
        } else if (token == null && insecureLoopback) {
            user = Optional.of(UserInfo.loopbackAdmin());
        }
        if (user.isEmpty()) {
            Responses.status(res, Statuses.unauthorized());
            return;
        }
        req.setAttribute(USER_ATTRIBUTE, user.get());
        chain.doFilter(req, res);
    }

    public static UserInfo user(HttpServletRequest req) {
        return (UserInfo) req.getAttribute(USER_ATTRIBUTE);
    }
}
