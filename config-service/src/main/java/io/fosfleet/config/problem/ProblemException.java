package io.fosfleet.config.problem;

import java.util.List;

/** A request refused with an RFC 7807 problem: HTTP status, a short title, a detail line and the fields at fault. */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldProblem> fields;

    public ProblemException(int status, String title, String detail, List<FieldProblem> fields) {
        super(detail);
        this.status = status;
        this.title = title;
        this.fields = List.copyOf(fields);
    }

    public static ProblemException invalid(List<FieldProblem> fields) {
        String detail = fields.size() == 1 ? fields.get(0).field() + ": " + fields.get(0).problem()
                : fields.size() + " fields are invalid";
        return new ProblemException(400, "Invalid request", detail, fields);
    }

    public static ProblemException invalid(String field, String problem, String allowed) {
        return invalid(List.of(new FieldProblem(field, problem, allowed)));
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "Not found", what + " " + Inputs.quote(String.valueOf(id)) + " does not exist",
                List.of());
    }

    public static ProblemException conflict(String field, String problem) {
        return new ProblemException(409, "Conflict", field + ": " + problem, List.of(FieldProblem.of(field, problem)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> fields() {
        return fields;
    }
}
