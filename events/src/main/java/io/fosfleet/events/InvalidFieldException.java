package io.fosfleet.events;

/** Thrown when a record is built from a value that breaks its contract; names the field, the problem and what is allowed. */
public final class InvalidFieldException extends IllegalArgumentException {

    private final String field;

    public InvalidFieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The name of the offending field, as it appears in the JSON. */
    public String field() {
        return field;
    }
}
