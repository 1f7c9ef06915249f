package io.fosfleet.kafka.messaging;

/**
 * Nack a record with this after the handler failed on it every time it was tried ({@link Retrying} throws it):
 * {@link DeadLetterFailureHandler} dead-letters it as {@code failed} with {@link #attempts()} in
 * {@code fos.dlq.attempts}. The message is the last failure's.
 */
public class GaveUp extends RuntimeException {

    private final int attempts;

    public GaveUp(int attempts, Throwable last) {
        super(last.getMessage(), last);
        this.attempts = attempts;
    }

    /** How often the record was tried, the first try included. */
    public int attempts() {
        return attempts;
    }
}
