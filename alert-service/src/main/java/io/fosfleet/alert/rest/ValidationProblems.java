package io.fosfleet.alert.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fosfleet.events.InvalidFieldException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every refused request of the REST API is answered as RFC 7807 {@code application/problem+json}: bad input with
 * 400 and the fields at fault, each named by its JSON path with the rule or limit it breaks. Nothing was changed.
 * The answers never show Java class names: Jackson's own messages do, so they are rewritten from the expected type.
 */
public final class ValidationProblems {

    public static final String PROBLEM_JSON = "application/problem+json";

    /** The problem document; {@code errors} lists the fields at fault. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Problem(String type, String title, int status, String detail, String instance,
                          List<FieldProblem> errors) {
    }

    /** One refused field: its JSON path (e.g. {@code matchers[1].value}) and the rule or limit it breaks. */
    public record FieldProblem(String field, String problem) {
    }

    /** A field that breaks its rule, thrown by our own checks (also from inside Jackson, see {@link #unreadable}). */
    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e, UriInfo uri) {
        return invalid(uri, e.field(), problemOf(e));
    }

    /** Our other refusals of bad input, whose message starts with what is wrong. */
    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e, UriInfo uri) {
        return answer(400, "Invalid request", e.getMessage(), uri, List.of());
    }

    /** Malformed JSON, a value of the wrong type or a matcher refused while the body was read. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        // Jackson wraps a syntax error found inside a list or object with the path to it; it is still not JSON.
        StreamReadException syntax = e instanceof StreamReadException s ? s
                : e.getCause() instanceof StreamReadException s ? s : null;
        if (syntax != null || !(e instanceof JsonMappingException m)) {
            JsonProcessingException at = syntax == null ? e : syntax;
            String where = at.getLocation() == null ? "" : " (line " + at.getLocation().getLineNr() + ", column "
                    + at.getLocation().getColumnNr() + ")";
            return invalid(uri, "body", "not valid JSON" + where);
        }
        String path = path(m);
        if (m.getCause() instanceof InvalidFieldException f) {
            return invalid(uri, path.isEmpty() ? f.field() : path + "." + f.field(), problemOf(f));
        }
        String field = path.isEmpty() ? "body" : path;
        if (m instanceof InvalidFormatException f) {
            return invalid(uri, field, "'" + f.getValue() + "' is not " + expected(f.getTargetType()));
        }
        if (m instanceof MismatchedInputException f && f.getTargetType() != null) {
            return invalid(uri, field, "must be " + expected(f.getTargetType()));
        }
        return invalid(uri, field, "cannot be read as this field");
    }

    /** Quarkus maps these itself unless the service does, with the Java types in the text. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    /**
     * Quarkus answers malformed JSON with a bare 400 wrapping the parser's error; other statuses get a problem too. A
     * body without a Content-Type, or with one the API does not read (415), is told to send application/json.
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return unreadable(json, uri);
            }
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() == 415) {
            String given = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
            String problem = given == null || given.isBlank() ? "is missing"
                    : "'" + abbreviate(given) + "' is not read here";
            String detail = (given == null || given.isBlank() ? "the request has no Content-Type"
                    : "Content-Type '" + abbreviate(given) + "' is not read here") + "; send the body as "
                    + MediaType.APPLICATION_JSON;
            return answer(415, "Unsupported media type", detail, uri,
                    List.of(new FieldProblem("Content-Type", problem + "; send " + MediaType.APPLICATION_JSON)));
        }
        String detail = status.getStatusCode() == 400
                ? "the request cannot be read: check the body (JSON) and the query parameters"
                : status.getReasonPhrase();
        return answer(status.getStatusCode(), status.getReasonPhrase(), detail, uri, List.of());
    }

    /** A header as a client sent it, never longer than a line of a problem should be. */
    private static String abbreviate(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 100 ? printable : printable.substring(0, 99) + "…";
    }

    static Response answer(int status, String title, String detail, UriInfo uri, List<FieldProblem> errors) {
        return Response.status(status).type(PROBLEM_JSON)
                .entity(new Problem("about:blank", title, status, detail, uri.getPath(), errors)).build();
    }

    private static Response invalid(UriInfo uri, String field, String problem) {
        return answer(400, "Invalid request", field + ": " + problem, uri, List.of(new FieldProblem(field, problem)));
    }

    private static String problemOf(InvalidFieldException e) {
        return e.getMessage().substring(e.field().length() + 2);
    }

    /** The JSON path of the value at fault, as a client wrote it: {@code matchers[0].value}. */
    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }

    /** What a field of this type accepts, in words (an enum lists its values). */
    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 instant such as 2026-11-27T22:00:00Z";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == String.class || type == UUID.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a value of another kind";
    }
}
