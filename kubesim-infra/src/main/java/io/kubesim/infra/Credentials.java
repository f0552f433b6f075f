package io.kubesim.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The cluster's bearer tokens, in kube-apiserver's {@code --token-auth-file} format
 * ({@code token,user,uid,"group1,group2"}), and the kubeconfig that carries the admin token.
 */
public final class Credentials {

    public static final String ADMIN_USER = "admin";
    public static final String VIEW_USER = "viewer";
    public static final String ADMIN_GROUP = "system:masters";
    public static final String VIEW_GROUP = "kubesim:view";

    private Credentials() {
    }

    public static Path tokenFile(Path dir) {
        return dir.resolve("tokens.csv");
    }

    /** Writes the token file with an admin and a read-only viewer identity, unless it exists. */
    public static void ensureTokenFile(Path dir) {
        Path file = tokenFile(dir);
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            List<String> lines = List.of(
                    "# token,user,uid,\"groups\" (kube-apiserver --token-auth-file format)",
                    newToken() + "," + ADMIN_USER + "," + ADMIN_USER + ",\"" + ADMIN_GROUP + "\"",
                    newToken() + "," + VIEW_USER + "," + VIEW_USER + ",\"" + VIEW_GROUP + "\"");
            Files.write(file, lines, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token of a user in the token file. */
    public static String tokenOf(Path dir, String user) {
        try {
            for (String line : Files.readAllLines(tokenFile(dir), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(",", 4);
                if (parts.length >= 2 && parts[1].equals(user)) {
                    return parts[0];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no token for user " + user + " in " + tokenFile(dir));
    }

    /** Writes a kubeconfig for {@code user} against {@code server}, trusting the cluster CA. */
    public static void writeKubeconfig(Path file, String server, Path caCert, String user, String token) {
        try {
            String ca = caCert == null ? null
                    : Base64.getEncoder().encodeToString(Files.readAllBytes(caCert));
            String cluster = ca == null
                    ? "    server: " + server + "\n"
                    : "    certificate-authority-data: " + ca + "\n    server: " + server + "\n";
            String yaml = """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: kubesim
                      cluster:
                    %s\
                    contexts:
                    - name: kubesim
                      context:
                        cluster: kubesim
                        user: %s
                        namespace: default
                    current-context: kubesim
                    preferences: {}
                    users:
                    - name: %s
                      user:
                        token: %s
                    """.formatted(cluster, user, user, token);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
