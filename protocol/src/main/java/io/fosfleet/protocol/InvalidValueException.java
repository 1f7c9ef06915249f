package io.fosfleet.protocol;

/** A value given for a field or key is not acceptable; says which field, what was given and what is allowed. */
public class InvalidValueException extends IllegalArgumentException {

    private final String field;
    private final String value;
    private final String allowed;

    public InvalidValueException(String field, String value, String allowed) {
        super("invalid " + field + " '" + value + "': " + allowed);
        this.field = field;
        this.value = value;
        this.allowed = allowed;
    }

    public String field() {
        return field;
    }

    public String value() {
        return value;
    }

    public String allowed() {
        return allowed;
    }
}
