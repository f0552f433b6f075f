package io.kubesim.gateway.web;

import java.io.IOException;
import java.io.OutputStream;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import io.kubesim.model.json.KubeJson;

/**
 * Tomcat's error report for what it refuses before any servlet runs (a malformed URI, an encoded slash or backslash
 * in the path, an unparsable request): a Kubernetes {@code Status} in JSON instead of Tomcat's HTML page, so that
 * every error answer of the gateway is a Status.
 */
public final class StatusErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        byte[] body = KubeJson.writeBytes(StatusErrorController.statusFor(code, response.getMessage()));
        try {
            response.setContentType("application/json");
            response.setContentLength(body.length);
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body; nothing more to do
        }
    }
}
