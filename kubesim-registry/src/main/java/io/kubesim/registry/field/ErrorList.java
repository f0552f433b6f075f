package io.kubesim.registry.field;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.kubesim.model.status.FieldError;

/**
 * An ordered list of field errors with apimachinery's constructors ({@code field.Required}, {@code field.Invalid},
 * ...; staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go). Order matters: it is the order of the
 * causes and of the aggregated message.
 */
public final class ErrorList {

    private final List<FieldError> errors = new ArrayList<>();

    public ErrorList required(Path path, String detail) {
        errors.add(FieldError.required(path.toString(), detail));
        return this;
    }

    public ErrorList invalid(Path path, Object value, String detail) {
        errors.add(FieldError.invalid(path.toString(), value, detail));
        return this;
    }

    /** Every message of a validator (e.g. a DNS-label check) as an Invalid error on the same value. */
    public ErrorList invalidEach(Path path, Object value, List<String> details) {
        for (String d : details) {
            invalid(path, value, d);
        }
        return this;
    }

    public ErrorList notSupported(Path path, Object value, List<String> supported) {
        errors.add(FieldError.notSupported(path.toString(), value, supported));
        return this;
    }

    public ErrorList forbidden(Path path, String detail) {
        errors.add(FieldError.forbidden(path.toString(), detail));
        return this;
    }

    public ErrorList duplicate(Path path, Object value) {
        errors.add(FieldError.duplicate(path.toString(), value));
        return this;
    }

    public ErrorList duplicate(Path path, Object value, String detail) {
        errors.add(new FieldError(FieldError.Type.DUPLICATE, path.toString(), value, detail));
        return this;
    }

    public ErrorList notFound(Path path, Object value) {
        errors.add(FieldError.notFound(path.toString(), value));
        return this;
    }

    public ErrorList tooLong(Path path, int max) {
        errors.add(FieldError.tooLong(path.toString(), "", max));
        return this;
    }

    public ErrorList add(FieldError error) {
        errors.add(error);
        return this;
    }

    public ErrorList addAll(ErrorList other) {
        errors.addAll(other.errors);
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public int size() {
        return errors.size();
    }

    public List<FieldError> toList() {
        return Collections.unmodifiableList(errors);
    }

    @Override
    public String toString() {
        return errors.toString();
    }
}
