package io.fosfleet.config.grpc;

import io.fosfleet.config.problem.FieldProblem;
import io.fosfleet.config.problem.ProblemException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.stream.Collectors;

/** The REST API's problems as gRPC statuses, with the same field-by-field description. */
final class GrpcErrors {

    private GrpcErrors() {
    }

    static Throwable toStatus(Throwable t) {
        if (!(t instanceof ProblemException p)) {
            return t;
        }
        Status status = switch (p.status()) {
            case 400 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.FAILED_PRECONDITION;
            default -> Status.INTERNAL;
        };
        String fields = p.fields().stream().map(GrpcErrors::describe).collect(Collectors.joining("; "));
        return new StatusRuntimeException(status.withDescription(fields.isEmpty() ? p.getMessage() : fields));
    }

    private static String describe(FieldProblem f) {
        return f.field() + ": " + f.problem() + (f.allowed() == null ? "" : " (allowed: " + f.allowed() + ")");
    }

    static String text(String value) {
        return value == null ? "" : value;
    }

    static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
