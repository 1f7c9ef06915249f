package io.fosfleet.events;

/** Thrown when bytes or text cannot be read as, or a record cannot be written to, fosfleet's JSON. */
public final class EventFormatException extends RuntimeException {

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
