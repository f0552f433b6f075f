package io.kubesim.gateway.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import io.fabric8.kubernetes.api.model.Status;

import io.kubesim.model.json.KubeJson;

/**
 * Writes answers: JSON (also when a client prefers protobuf, which kubesim does not speak), or YAML when the client
 * accepts only YAML; errors as {@code Status} objects with their code.
 */
public final class Responses {

    public static final String JSON = "application/json";
    public static final String YAML = "application/yaml";

    private Responses() {
    }

    public static void write(HttpServletResponse res, int code, Object body, String accept) throws IOException {
        boolean yaml = prefersYaml(accept);
        res.setStatus(code);
        res.setContentType(yaml ? YAML : JSON);
        byte[] bytes = yaml ? KubeJson.toYaml(body).getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : KubeJson.writeBytes(body);
        res.setContentLength(bytes.length);
        try (OutputStream out = res.getOutputStream()) {
            out.write(bytes);
        }
    }

    public static void writeTable(HttpServletResponse res, Object table) throws IOException {
        res.setStatus(200);
        res.setContentType(io.kubesim.gateway.printers.TablePrinter.CONTENT_TYPE);
        byte[] bytes = KubeJson.writeBytes(table);
        res.setContentLength(bytes.length);
        try (OutputStream out = res.getOutputStream()) {
            out.write(bytes);
        }
    }

    public static void status(HttpServletResponse res, Status status) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.reset();
        write(res, status.getCode() == null ? 500 : status.getCode(), status, JSON);
    }

    static boolean prefersYaml(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return (a.contains("application/yaml") || a.contains("application/x-yaml"))
                && !a.contains("application/json") && !a.contains("*/*");
    }
}
