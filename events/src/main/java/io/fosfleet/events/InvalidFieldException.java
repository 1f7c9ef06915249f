package io.fosfleet.events;

/** Thrown when a record is built from a value that breaks its contract; names the field, the problem and what is allowed. */
public final class InvalidFieldException extends IllegalArgumentException {

    private final String field;
    private final String problem;
    private final String allowed;

    public InvalidFieldException(String field, String problem) {
        this(field, problem, null);
    }

    /** @param allowed what would have been accepted, for the person who sent the value; null when it goes without saying */
    public InvalidFieldException(String field, String problem, String allowed) {
        super(field + ": " + problem + (allowed == null ? "" : " (allowed: " + allowed + ")"));
        this.field = field;
        this.problem = problem;
        this.allowed = allowed;
    }

    /** The name of the offending field, as it appears in the JSON. */
    public String field() {
        return field;
    }

    /** What is wrong with the value, without the field's name. */
    public String problem() {
        return problem;
    }

    /** What would have been accepted, or null. */
    public String allowed() {
        return allowed;
    }
}
