package io.fosfleet.config.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fosfleet.events.InvalidFieldException;
import io.fosfleet.protocol.InvalidValueException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
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
        return problem(ProblemException.invalid(e.field(), Inputs.quote(String.valueOf(e.value())) + " is not valid",
                e.allowed()), uri);
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e, UriInfo uri) {
        return problem(ProblemException.invalid(List.of(new FieldProblem(e.field(),
                e.getMessage().substring(e.field().length() + 2), null))), uri);
    }

    /**
     * A body that is no JSON (named by line and column, the input not repeated) or a value of the wrong type (named
     * by its JSON path and described in words: an enum lists its values; Java types are never named).
     */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        // a syntax error inside an object or a list comes wrapped with the path to it: it is still not JSON
        JsonProcessingException syntax = e instanceof StreamReadException ? e
                : e.getCause() instanceof StreamReadException s ? s : null;
        if (syntax != null || !(e instanceof JsonMappingException m)) {
            JsonLocation at = (syntax == null ? e : syntax).getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return answer(400, "Unreadable request", "the body is not valid JSON" + where, uri,
                    List.of(new FieldProblem("body", "is not valid JSON" + where, "a JSON document")));
        }
        String field = m.getPath().isEmpty() ? "body"
                : m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
        Class<?> type = e instanceof MismatchedInputException mi ? mi.getTargetType() : null;
        Object value = e instanceof InvalidFormatException f ? f.getValue() : null;
        String problem = value != null ? Inputs.quote(String.valueOf(value)) + " is not valid"
                : type != null ? "has the wrong type" : "cannot be read";
        if (type != null && type.isEnum() && value != null) {
            problem = Inputs.quote(String.valueOf(value)) + " is not one of the allowed values";
        }
        FieldProblem fp = new FieldProblem(field, problem, type == null ? null : expected(type));
        return answer(400, "Unreadable request", field + ": " + problem, uri, List.of(fp));
    }

    /** What a JSON value of that type looks like, in words. */
    @SuppressWarnings("unchecked")
    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return String.join(", ", Inputs.names((Class<? extends Enum<?>>) type));
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        } else if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        } else if (CharSequence.class.isAssignableFrom(type)) {
            return "a text";
        } else if (type == Duration.class) {
            return "an ISO-8601 duration, e.g. PT5S";
        } else if (type == Instant.class) {
            return "an ISO-8601 instant, e.g. 2026-11-27T00:00:00Z";
        } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
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

    @ServerExceptionMapper
    public Response parse(JsonParseException e, UriInfo uri) {
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

    /**
     * Also what the JSON reader throws for a body it cannot parse: answered like {@link #unreadable}. A body without
     * a Content-Type or with one the endpoint does not read (415) is told which one to send; any other status keeps
     * its reason, never a bare "HTTP 400 Bad Request".
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return unreadable(json, uri);
            }
        }
        int status = e.getResponse().getStatus();
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        if (status == 415) {
            String given = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
            String expected = expectedType(uri.getPath());
            String detail = (given == null || given.isBlank() ? "the request has no Content-Type"
                    : "Content-Type " + Inputs.quote(given) + " is not read here") + "; send the body as " + expected;
            return answer(415, "Unsupported media type", detail, uri,
                    List.of(new FieldProblem("Content-Type", given == null || given.isBlank() ? "is missing"
                            : Inputs.quote(given) + " is not read here", expected)));
        }
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP " + status)
                ? defaultDetail(status, reason) : e.getMessage();
        return answer(status, reason, detail, uri, List.of());
    }

    /** The type an endpoint reads: the import endpoints take the file as text, everything else JSON. */
    static String expectedType(String path) {
        return path.startsWith("/api/import/") ? "text/plain (the file as it is)" : "application/json";
    }

    private static String defaultDetail(int status, String reason) {
        return status == 400 ? "the request cannot be read: check the body (JSON) and the query parameters" : reason;
    }

    /**
     * Anything unforeseen: a 500 problem with an id under which the cause is logged; the answer never shows the
     * exception's class, message or stack (they may name tables, columns and values).
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "500 %s: error %s", uri.getPath(), id);
        return Response.status(500).type(PROBLEM_JSON).entity(new Problem("about:blank", "Internal error", 500,
                "the request failed; the service's log has the cause under error " + id, uri.getPath(), List.of()))
                .build();
    }

    static Response answer(int status, String title, String detail, UriInfo uri, List<FieldProblem> errors) {
        if (status >= 500) {
            LOG.errorf("%s %s: %s", status, uri.getPath(), detail);
        }
        return Response.status(status).type(PROBLEM_JSON)
                .entity(new Problem("about:blank", title, status, detail, uri.getPath(), errors)).build();
    }
}
