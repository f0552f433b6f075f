package io.kubesim.registry.quantity;

/** A quantity that does not parse; the message is upstream's. */
public final class QuantityException extends RuntimeException {

    public QuantityException(String message) {
        super(message, null, false, false);
    }
}
