package io.fosfleet.config.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One rejected input field of a request: which field (a JSON path such as {@code settings.wdogitime}), why, and what
 * would have been accepted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldProblem(String field, String problem, String allowed) {

    public static FieldProblem of(String field, String problem) {
        return new FieldProblem(field, problem, null);
    }
}
