package io.kubesim.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens from a token file in kube-apiserver's {@code --token-auth-file} format: one
 * {@code token,user,uid,"group1,group2"} line per identity (staging/src/k8s.io/apiserver/plugin/pkg/authenticator/
 * token/tokenfile/tokenfile.go). The file is read again when it changes, so node identities can be added while the
 * gateway runs.
 */
public final class TokenAuthenticator {

    private final Path file;
    private volatile Map<String, UserInfo> tokens = Map.of();
    private volatile FileTime loaded;

    public TokenAuthenticator(Path file) {
        this.file = file;
        reloadIfChanged();
    }

    public Optional<UserInfo> authenticate(String token) {
        reloadIfChanged();
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        // constant-time comparison against every token, so timing does not reveal a prefix
        UserInfo found = null;
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, UserInfo> e : tokens.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    private void reloadIfChanged() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(loaded)) {
                return;
            }
            synchronized (this) {
                if (modified.equals(loaded)) {
                    return;
                }
                tokens = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
                loaded = modified;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, UserInfo> parse(List<String> lines) {
        Map<String, UserInfo> out = new HashMap<>();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> fields = csv(trimmed);
            if (fields.size() < 3 || fields.get(0).isEmpty() || fields.get(1).isEmpty()) {
                continue;
            }
            List<String> groups = new ArrayList<>();
            if (fields.size() > 3 && !fields.get(3).isBlank()) {
                for (String g : fields.get(3).split(",")) {
                    if (!g.isBlank()) {
                        groups.add(g.trim());
                    }
                }
            }
            groups.add(UserInfo.AUTHENTICATED);
            out.put(fields.get(0), new UserInfo(fields.get(1), fields.get(2), groups));
        }
        return Map.copyOf(out);
    }

    /** Splits one CSV line; a quoted field may contain commas. */
    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(sb.toString().trim());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString().trim());
        return out;
    }
}
