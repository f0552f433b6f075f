package io.kubesim.gateway.openapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One served OpenAPI document: its JSON bytes and its hash, the upper-case hex SHA-512 of the bytes that
 * kube-apiserver uses both as ETag and as the {@code hash} query parameter of the index's {@code serverRelativeURL}
 * (kube-openapi pkg/handler3/handler.go).
 */
public final class OpenApiDocument {

    private final String path;
    private final byte[] json;
    private final String hash;

    OpenApiDocument(String path, byte[] json) {
        this.path = path;
        this.json = json.clone();
        try {
            this.hash = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is always available", e);
        }
    }

    /** The document's path below {@code /openapi/v3/}, e.g. {@code api/v1}; empty for the index itself. */
    public String path() {
        return path;
    }

    /** The JSON body (a copy), served as {@code Content-Type: application/json}. */
    public byte[] json() {
        return json.clone();
    }

    public int length() {
        return json.length;
    }

    /** The hash, unquoted; the {@code ETag} header is it in double quotes. */
    public String hash() {
        return hash;
    }

    /** {@code /openapi/v3/api/v1?hash=<hash>}: where the index points to, and where a stale hash redirects to. */
    public String serverRelativeUrl() {
        return "/openapi/v3/" + path + "?hash=" + hash;
    }

    @Override
    public String toString() {
        return "OpenApiDocument[" + serverRelativeUrl() + ", " + json.length + " bytes]";
    }

    /** The body as text, for tests and logs. */
    String text() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
