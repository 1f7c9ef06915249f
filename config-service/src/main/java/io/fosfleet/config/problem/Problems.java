package io.fosfleet.config.problem;

import io.fosfleet.events.InvalidFieldException;
import io.fosfleet.protocol.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every problem of one request before refusing it, so a client learns about all its mistakes at once; the
 * value types' and records' own exceptions become field problems under the request's field names.
 */
public final class Problems {

    private final List<FieldProblem> found = new ArrayList<>();

    public void add(String field, String problem, String allowed) {
        found.add(new FieldProblem(field, problem, allowed));
    }

    public void add(String field, String problem) {
        add(field, problem, null);
    }

    /** Required input: records a problem and answers null when it is absent or blank. */
    public String required(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
            return null;
        }
        return value;
    }

    /**
     * Runs a parse or a record constructor; its InvalidValueException or InvalidFieldException becomes a problem of
     * {@code field} (or {@code field.<inner field>} for a record), and the answer is then null.
     */
    public <T> T check(String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidValueException e) {
            add(field, Inputs.quote(String.valueOf(e.value())) + " is not valid", e.allowed());
        } catch (InvalidFieldException e) {
            String problem = e.getMessage().substring(e.field().length() + 2);
            add(field.isEmpty() ? e.field() : field + "." + e.field(), problem);
        }
        return null;
    }

    /** Takes over the problems another check collected on its own. */
    public void addAll(Problems other) {
        found.addAll(other.found);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** Refuses the request with 400 if anything was found. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw ProblemException.invalid(found);
        }
    }
}
