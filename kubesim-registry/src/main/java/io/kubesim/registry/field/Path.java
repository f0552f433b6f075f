package io.kubesim.registry.field;

/**
 * A field path as apimachinery prints it: {@code spec.containers[0].resources.limits[cpu]}
 * (staging/src/k8s.io/apimachinery/pkg/util/validation/field/path.go). Immutable; every step returns a new path.
 */
public final class Path {

    private final String text;

    private Path(String text) {
        this.text = text;
    }

    /** A root path, e.g. {@code metadata} or {@code spec}; more names become dotted children. */
    public static Path of(String name, String... more) {
        Path p = new Path(name);
        return p.child(more);
    }

    /** Dotted children: {@code spec} → {@code spec.template.metadata}. */
    public Path child(String... names) {
        String t = text;
        for (String n : names) {
            t = t.isEmpty() ? n : t + "." + n;
        }
        return new Path(t);
    }

    /** A list element: {@code containers[0]}. */
    public Path index(int i) {
        return new Path(text + "[" + i + "]");
    }

    /** A map entry: {@code limits[cpu]} (unquoted, as upstream prints keys). */
    public Path key(String k) {
        return new Path(text + "[" + k + "]");
    }

    @Override
    public String toString() {
        return text;
    }
}
