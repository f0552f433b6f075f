package io.kubesim.scheduler.service;

import io.kubesim.scheduler.framework.DecisionRecord;

/** Where decision records go: {@code kubesim.decisions}, keyed by the pod's storage key. */
public interface DecisionPublisher extends AutoCloseable {

    /** Publishes one record, asynchronously; failures are logged, never thrown. */
    void publish(String podKey, DecisionRecord record);

    @Override
    void close();
}
