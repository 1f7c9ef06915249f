package io.fosfleet.config.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fosfleet.events.InvalidFieldException;
import io.fosfleet.protocol.InvalidValueException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every refusal of the REST API into an RFC 7807 {@code application/problem+json} answer. */
public final class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** The problem document; {@code errors} lists the fields at fault. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Problem(String type, String title, int status, String detail, String instance,
                          List<FieldProblem> errors) {
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return answer(e.status(), e.title(), e.getMessage(), uri, e.fields());
    }

    @ServerExceptionMapper
    public Response invalidValue(InvalidValueException e, UriInfo uri) {
        return problem(ProblemException.invalid(e.field(), "'" + e.value() + "' is not valid", e.allowed()), uri);
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e, UriInfo uri) {
        return problem(ProblemException.invalid(List.of(new FieldProblem(e.field(),
                e.getMessage().substring(e.field().length() + 2), null))), uri);
    }

    /** Malformed JSON or a value of the wrong type: name the JSON path. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[")
                : "body";
        return answer(400, "Unreadable request", e.getOriginalMessage(), uri,
                List.of(new FieldProblem(field, "cannot be read: " + e.getOriginalMessage(), null)));
    }

    /** Quarkus maps these two itself unless the service does: a wrong enum constant, a number for a text. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    /** A unique or foreign-key rule the pre-checks did not see coming (a concurrent request won the race). */
    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e, UriInfo uri) {
        String constraint = e.getConstraintName() == null ? "a database constraint" : e.getConstraintName();
        return answer(409, "Conflict", "the change breaks " + constraint + "; another request changed the same data",
                uri, List.of());
    }

    @ServerExceptionMapper
    public Response stale(OptimisticLockException e, UriInfo uri) {
        return answer(409, "Conflict", "another request changed the same data at the same time; read it and retry",
                uri, List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        return answer(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage(), uri, List.of());
    }

    static Response answer(int status, String title, String detail, UriInfo uri, List<FieldProblem> errors) {
        if (status >= 500) {
            LOG.errorf("%s %s: %s", status, uri.getPath(), detail);
        }
        return Response.status(status).type(PROBLEM_JSON)
                .entity(new Problem("about:blank", title, status, detail, uri.getPath(), errors)).build();
    }
}
