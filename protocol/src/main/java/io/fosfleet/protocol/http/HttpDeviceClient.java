package io.fosfleet.protocol.http;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.DeviceIoException.Kind;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.ValueType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to a berofos web server as the reference client does: reads {@code /config.txt}, sets one value per
 * {@code GET /?cmd=N&...}, and authenticates only when the device asks for it, with Digest or Basic as it asks
 * (docs/protocol.md §2).
 *
 * <p>Futures complete exceptionally with {@link DeviceIoException} (wrapped in a {@link CompletionException} when
 * joined). No password ever appears in an exception message.
 */
public final class HttpDeviceClient {

    /** The device's web server port unless configured otherwise. */
    public static final int DEFAULT_PORT = 80;
    /** The user the device knows; only the password can be changed. */
    public static final String DEFAULT_USER = "admin";

    /**
     * The largest body read from a device: a real config.txt is about 1 KiB, so 64 KiB leaves room for any firmware
     * and stops a server that never ends its body from filling the memory.
     */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final String USER_AGENT = "libbnfos";

    /**
     * A login for a device's web server.
     *
     * @param password never shown by {@link #toString()}
     */
    public record Credentials(String user, String password) {

        public Credentials {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isEmpty() || user.indexOf(':') >= 0) {
                throw new InvalidValueException("user", user, "a non-empty user name without ':'");
            }
        }

        /** Reads bnfos's {@code -u user:password} (the password may contain colons). */
        public static Credentials parse(String userColonPassword) {
            int colon = userColonPassword == null ? -1 : userColonPassword.indexOf(':');
            if (colon <= 0) {
                // The input may be a password typed without its user, so it is not repeated.
                throw new InvalidValueException("login", "(hidden)", "user:password, e.g. admin:secret");
            }
            return new Credentials(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1));
        }

        /** The device's admin login with the given password. */
        public static Credentials admin(String password) {
            return new Credentials(DEFAULT_USER, password);
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=***]";
        }

        String basicAuthorization() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Where a device's web server is.
     *
     * @param host a host name or an IP address
     * @param credentials null when none are known; then a password-protected device fails with BAD_CREDENTIALS
     */
    public record DeviceEndpoint(String host, int port, Credentials credentials) {

        public DeviceEndpoint {
            if (host == null || host.isBlank()) {
                throw new InvalidValueException("host", host, "a host name or IP address");
            }
            if (port < 1 || port > 65535) {
                throw new InvalidValueException("port", Integer.toString(port), "a number from 1 to 65535");
            }
        }

        public static DeviceEndpoint of(String host, int port) {
            return new DeviceEndpoint(host, port, null);
        }

        public DeviceEndpoint withCredentials(Credentials credentials) {
            return new DeviceEndpoint(host, port, credentials);
        }

        /** {@code host:port}, for messages. */
        public String authority() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        URI uri(String pathAndQuery) {
            try {
                return new URI("http://" + authority() + pathAndQuery);
            } catch (URISyntaxException e) {
                throw new InvalidValueException("host", host, "a host name or IP address");
            }
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param timeout for each exchange with the device, from connecting to the end of the last body, including the
     *     repeat with credentials after a 401 (the reference default is 3 s)
     */
    public HttpDeviceClient(Duration timeout) {
        this(timeout, null);
    }

    /**
     * @param executor runs the HTTP client's work and the completion of the returned futures; {@code Runnable::run}
     *     keeps it all on the client's one I/O thread (no hand-over to a pool thread per response), for a caller that
     *     hands the results to its own thread and never blocks in a callback; null for the JDK's default pool
     */
    public HttpDeviceClient(Duration timeout, Executor executor) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (executor != null) {
            builder.executor(executor);
        }
        this.http = builder.build();
    }

    /** Reads the device's configuration and status; a different magic version is read, with a warning. */
    public CompletableFuture<ConfigReading> readConfig(DeviceEndpoint e) {
        return get(e, "/config.txt", "reading the configuration").thenApply(body -> {
            try {
                return ConfigTxt.parse(body);
            } catch (DeviceIoException noMagic) {
                throw new CompletionException(new DeviceIoException(noMagic.kind(),
                        noMagic.getMessage() + " at " + e.authority()));
            }
        });
    }

    /**
     * Changes one value with the key's set request; the value is checked again with {@link Key#normalize}, and is
     * ignored for an action key (smtptest).
     *
     * @throws InvalidValueException when the key is read only or the value is not allowed; nothing is sent
     */
    public CompletableFuture<Void> set(DeviceEndpoint e, Key key, String normalizedValue) {
        String value = key.normalize(key.type() == ValueType.ACTION ? "" : normalizedValue);
        return get(e, "/?" + key.setQuery(value), "setting " + key.keyword()).thenApply(body -> null);
    }

    /**
     * Sends a GET without credentials; when challenged (Digest or Basic) by the device itself (a 401 from the address asked,
     * redirects are never followed), repeats it once with them. The whole exchange ends within the timeout.
     *
     * @param what what the request does, for messages; never the query, which may hold a password
     */
    private CompletableFuture<String> get(DeviceEndpoint e, String pathAndQuery, String what) {
        URI uri = e.uri(pathAndQuery);
        Exchange exchange = new Exchange(System.nanoTime() + timeout.toNanos());
        CompletableFuture<String> body = send(uri, null, exchange).thenCompose(first -> {
            if (first.statusCode() != 401) {
                return CompletableFuture.completedFuture(first);
            }
            if (e.credentials() == null) {
                throw failure(Kind.BAD_CREDENTIALS, "Device at " + e.authority() + " requires a password for "
                        + what + " and none was given");
            }
            List<String> challenges = first.headers().allValues("WWW-Authenticate");
            String authorization = authorization(challenges, e.credentials(), pathAndQuery);
            if (authorization == null) {
                throw failure(Kind.BAD_CREDENTIALS, "Device at " + e.authority() + " asks for authentication '"
                        + String.join("', '", challenges) + "' for " + what
                        + "; only Basic and Digest (MD5, SHA-256, qop=auth) are supported");
            }
            return send(uri, authorization, exchange);
        }).thenApply(response -> {
            int status = response.statusCode();
            if (status == 401) {
                throw failure(Kind.BAD_CREDENTIALS, "Invalid username/password (user " + e.credentials().user()
                        + ") for " + what + " at " + e.authority());
            }
            if (status < 200 || status >= 300) {
                throw failure(Kind.HTTP_STATUS, "Device at " + e.authority() + " answered HTTP " + status + " to "
                        + what);
            }
            return response.body();
        });
        // The request timeout ends at the response headers; this one also covers a body that never ends and the
        // repeat with credentials. Whatever ends the exchange, a body still streaming is abandoned.
        return body.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((b, failure) -> exchange.abandon())
                .exceptionally(failure -> {
                    throw new CompletionException(translate(failure, e, what));
                });
    }

    /**
     * The answer to a device's challenges: Digest when one can be answered (it does not send the password), else
     * Basic when offered; null when neither.
     */
    private static String authorization(List<String> challenges, Credentials credentials, String pathAndQuery) {
        for (String challenge : challenges) {
            var digest = DigestAuth.parseChallenge(challenge.trim());
            if (digest.isPresent()) {
                return DigestAuth.authorization(digest.get(), credentials, "GET", pathAndQuery);
            }
        }
        for (String challenge : challenges) {
            if (challenge.trim().toLowerCase(Locale.ROOT).startsWith("basic")) {
                return credentials.basicAuthorization();
            }
        }
        return null;
    }

    private CompletableFuture<HttpResponse<String>> send(URI uri, String authorization, Exchange exchange) {
        long left = exchange.deadline - System.nanoTime();
        if (left <= 0) {
            return CompletableFuture.failedFuture(new TimeoutException());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofNanos(left))
                .header("User-Agent", USER_AGENT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), exchange::capped);
    }

    /** One exchange with a device: its deadline and the body being read, so that it can be abandoned. */
    private static final class Exchange {
        final long deadline;
        private final List<CappedBody> bodies = new CopyOnWriteArrayList<>();

        Exchange(long deadline) {
            this.deadline = deadline;
        }

        HttpResponse.BodySubscriber<String> capped(HttpResponse.ResponseInfo info) {
            CappedBody body = new CappedBody(HttpResponse.BodySubscribers.ofString(charset(info.headers())));
            bodies.add(body);
            return body;
        }

        void abandon() {
            bodies.forEach(CappedBody::cancel);
        }
    }

    /** The response's charset as its Content-Type names it; UTF-8 when it names none or one unknown here. */
    private static Charset charset(HttpHeaders headers) {
        String contentType = headers.firstValue("Content-Type").orElse("");
        int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at >= 0) {
            String name = contentType.substring(at + "charset=".length()).split(";", 2)[0].trim().replace("\"", "");
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException unknown) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** A body longer than {@link #MAX_BODY_BYTES}; the rest is not read. */
    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("body longer than " + MAX_BODY_BYTES + " bytes");
        }
    }

    /** Passes a body on until it exceeds {@link #MAX_BODY_BYTES}, then stops reading and fails it. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
        private final HttpResponse.BodySubscriber<String> delegate;
        private volatile Flow.Subscription subscription;
        private long received;
        private volatile boolean stopped;

        CappedBody(HttpResponse.BodySubscriber<String> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            delegate.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (stopped) {
                return;
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
            }
            if (received > MAX_BODY_BYTES) {
                stop(new BodyTooLarge());
                return;
            }
            delegate.onNext(items);
        }

        @Override
        public void onError(Throwable failure) {
            if (!stopped) {
                stopped = true;
                delegate.onError(failure);
            }
        }

        @Override
        public void onComplete() {
            if (!stopped) {
                stopped = true;
                delegate.onComplete();
            }
        }

        @Override
        public CompletionStage<String> getBody() {
            return delegate.getBody();
        }

        /** Stops reading (the exchange is over); a body already complete is not affected. */
        void cancel() {
            stop(new IOException("exchange ended"));
        }

        private synchronized void stop(IOException reason) {
            if (stopped) {
                return;
            }
            stopped = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            delegate.onError(reason);
        }
    }

    /** I/O failures become the device error they mean; anything else (a bug) passes unchanged. */
    private Throwable translate(Throwable failure, DeviceEndpoint e, String what) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof BodyTooLarge) {
                return new DeviceIoException(Kind.REPLY_TOO_LARGE, "Device at " + e.authority() + " sent more than "
                        + MAX_BODY_BYTES / 1024 + " KiB while " + what + "; the rest was not read", cause);
            }
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return DeviceIoException.timeout("Device at " + e.authority() + " did not accept a connection", timeout,
                    cause);
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return DeviceIoException.timeout("Device at " + e.authority() + " did not answer " + what, timeout,
                    cause);
        }
        if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException
                || cause.getCause() instanceof UnresolvedAddressException) {
            return new DeviceIoException(Kind.UNREACHABLE, "Cannot resolve host " + e.host(), cause);
        }
        if (cause instanceof ConnectException) {
            return new DeviceIoException(Kind.UNREACHABLE, "Cannot connect to " + e.authority()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
        if (cause instanceof IOException) {
            return new DeviceIoException(Kind.UNREACHABLE, "Connection to " + e.authority() + " failed while "
                    + what + ": " + cause, cause);
        }
        return cause;
    }

    private static CompletionException failure(Kind kind, String message) {
        return new CompletionException(new DeviceIoException(kind, message));
    }

}
