package io.fosfleet.kafka.messaging;

/**
 * Nack a record with this when it cannot be read as its topic's record type (an {@code EventFormatException} counts
 * as well): {@link DeadLetterFailureHandler} dead-letters it as {@code unreadable}, with 0 attempts.
 */
public class Unreadable extends RuntimeException {

    public Unreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
