package io.kubesim.gateway.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.fabric8.kubernetes.api.model.Status;

import io.kubesim.gateway.api.Responses;
import io.kubesim.model.status.Statuses;

/**
 * The servlet container's error page ({@code /error}): whatever fails outside the API controller (an unknown path,
 * a request the container refuses) is answered with a Kubernetes {@code Status} too, never Spring's or Tomcat's own
 * error body. Replaces Spring Boot's BasicErrorController.
 */
@RestController
public class StatusErrorController implements ErrorController {

    @RequestMapping("/error")
    public void error(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        Responses.status(res, statusFor(status, (String) req.getAttribute(RequestDispatcher.ERROR_MESSAGE)));
    }

    /** The Status kube-apiserver's clients would make of a bare HTTP error (errors.NewGenericServerResponse). */
    public static Status statusFor(int code, String detail) {
        return switch (code) {
            case 400 -> Statuses.badRequest(detail == null || detail.isBlank()
                    ? "the server rejected our request for an unknown reason" : detail);
            case 401 -> Statuses.unauthorized();
            case 403 -> Statuses.failure(403, "Forbidden", "forbidden", null, null, null, List.of());
            case 404 -> Statuses.pathNotFound();
            case 405 -> Statuses.failure(405, "MethodNotAllowed",
                    "the server does not allow this method on the requested resource", null, null, null, List.of());
            case 406 -> Statuses.notAcceptable("the server was unable to respond with a content type that the client "
                    + "supports");
            case 413 -> Statuses.failure(413, "RequestEntityTooLarge", "the request entity is too large", null, null,
                    null, List.of());
            case 414 -> Statuses.failure(414, "RequestURITooLong", "the request URI is too long", null, null, null,
                    List.of());
            case 415 -> Statuses.failure(415, "UnsupportedMediaType", "the server does not support the media type "
                    + "of the request", null, null, null, List.of());
            default -> code >= 500
                    ? Statuses.internal(detail == null || detail.isBlank() ? "an error on the server" : detail)
                    : Statuses.failure(code, "BadRequest", detail == null || detail.isBlank()
                            ? "the server rejected our request" : detail, null, null, null, List.of());
        };
    }
}
