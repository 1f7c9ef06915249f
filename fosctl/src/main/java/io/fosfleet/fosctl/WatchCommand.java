package io.fosfleet.fosctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Live events over config-service's gRPC stream, one line each, until Ctrl-C, --count or --timeout. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Print live events (device, heartbeat, config) as they happen, one line each: time, kind, "
                + "type, device, pair, message. -o json prints one JSON object per line.",
                "Runs until Ctrl-C, until --count events were printed, or until --timeout (exit 7)."})
final class WatchCommand implements Callable<Integer> {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Option(names = "--device", paramLabel = "ID", description = "only events of these devices (repeatable)")
    List<String> devices;
    @Option(names = "--pair", paramLabel = "ID", description = "only events of these pairs (repeatable)")
    List<String> pairs;
    @Option(names = "--site", paramLabel = "SITE", description = "only events of these sites (repeatable)")
    List<String> sites;
    @Option(names = "--kind", paramLabel = "KIND", description = "DEVICE, HEARTBEAT or CONFIG (repeatable)")
    List<String> kinds;
    @Option(names = "--type", paramLabel = "TYPE", description = "e.g. FAILOVER, PRIMARY_DOWN, RELAY_CHANGED "
            + "(repeatable)")
    List<String> types;
    @Option(names = "--count", paramLabel = "N", description = "stop after N events")
    Integer count;
    @Option(names = "--timeout", paramLabel = "DURATION", description = "stop with exit code 7 when --count events "
            + "have not arrived by then (without --count: stop after this long, exit 0)")
    Duration timeout;
    @Spec
    CommandSpec spec;

    /** What the stream delivers to the printing thread: an event or the end. */
    private record Item(EventStream.Event event, Status end) {
    }

    @Override
    public Integer call() throws InterruptedException {
        Fosctl root = Fosctl.root(spec);
        if (count != null && count < 1) {
            throw new Exit.Failure(Exit.USAGE, "--count must be at least 1");
        }
        Api api = root.api();   // checks that there is a server and a token
        URI server = api.server();
        String token = root.tokenFor(server);
        EventStream.Filter filter = new EventStream.Filter(EventStream.list(devices), EventStream.list(pairs),
                EventStream.list(sites), EventStream.list(kinds), EventStream.list(types));

        ManagedChannel channel = channel(server, root);
        BlockingQueue<Item> items = new LinkedBlockingQueue<>();
        ClientCall<EventStream.Filter, EventStream.Event> call = channel.newCall(EventStream.STREAM,
                CallOptions.DEFAULT);
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(EventStream.Event message) {
                items.add(new Item(message, null));
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                items.add(new Item(null, status));
            }
        }, headers);
        call.request(1);
        call.sendMessage(filter);
        call.halfClose();
        root.err.println("watching events at " + server + " (Ctrl-C to stop)");
        Runtime.getRuntime().addShutdownHook(new Thread(channel::shutdownNow, "fosctl-watch-stop"));

        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int seen = 0;
        try {
            while (count == null || seen < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (count == null) {
                        return Exit.OK;
                    }
                    throw new Exit.Failure(Exit.TIMEOUT, seen + " of " + count + " events within "
                            + timeout.toSeconds() + " s");
                }
                Item item = items.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (item == null) {
                    continue;
                }
                if (item.end() != null) {
                    throw ended(item.end(), server);
                }
                print(root, item.event());
                seen++;
            }
            return Exit.OK;
        } finally {
            call.cancel("fosctl watch ended", null);
            channel.shutdownNow();
        }
    }

    private static ManagedChannel channel(URI server, Fosctl root) {
        boolean tls = "https".equals(server.getScheme());
        int port = server.getPort() > 0 ? server.getPort() : tls ? 443 : 80;
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(server.getHost(), port);
        if (!tls) {
            return b.usePlaintext().build();
        }
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient();
            if (root.caFile != null) {
                File ca = root.caFile.toFile();
                ssl.trustManager(ca);
            }
            return b.sslContext(ssl.build()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new Exit.Failure(Exit.USAGE, "cannot set up TLS for the event stream: " + e.getMessage());
        }
    }

    private static Exit.Failure ended(Status status, URI server) {
        String why = description(status);
        return switch (status.getCode()) {
            case UNAUTHENTICATED -> new Exit.Failure(Exit.UNAUTHENTICATED, "not signed in: " + why
                    + " (sign in with fosctl login)");
            case PERMISSION_DENIED -> new Exit.Failure(Exit.FORBIDDEN, "forbidden: " + why);
            case INVALID_ARGUMENT, FAILED_PRECONDITION -> new Exit.Failure(Exit.REFUSED, why);
            case NOT_FOUND, UNIMPLEMENTED -> new Exit.Failure(Exit.NOT_FOUND, "config-service at " + server
                    + " has no event stream: " + why);
            case UNAVAILABLE -> new Exit.Failure(Exit.UNREACHABLE, "event stream at " + server + " unavailable: "
                    + why);
            case DEADLINE_EXCEEDED -> new Exit.Failure(Exit.TIMEOUT, why);
            case OK -> new Exit.Failure(Exit.UNREACHABLE, "config-service ended the event stream");
            default -> new Exit.Failure(Exit.SERVER_ERROR, "event stream failed: " + status.getCode() + " " + why);
        };
    }

    /**
     * The status's description; when the HTTP layer refused the call (401, 403 before gRPC), grpc-java puts the whole
     * HTTP answer into it: then only the problem's detail.
     */
    static String description(Status status) {
        String d = status.getDescription();
        if (d == null) {
            return status.getCode().toString();
        }
        int open = d.indexOf('{');
        int close = d.lastIndexOf('}');
        if (d.startsWith("HTTP status code") && open >= 0 && close > open) {
            String detail = Api.detail(d.substring(open, close + 1));
            if (detail != null) {
                return detail;
            }
        }
        return Exit.oneLine(d);
    }

    private static void print(Fosctl root, EventStream.Event e) {
        if (root.format == Output.Format.table) {
            StringBuilder line = new StringBuilder(e.occurredAt()).append(' ').append(e.kind()).append(' ')
                    .append(e.type()).append(' ').append(e.deviceId().isEmpty() ? "-" : e.deviceId());
            if (!e.pairId().isEmpty()) {
                line.append(" pair=").append(e.pairId());
            }
            if (!e.site().isEmpty()) {
                line.append(" site=").append(e.site());
            }
            if (!e.message().isEmpty()) {
                line.append(" ").append(e.message());
            }
            root.out.println(Exit.oneLine(line.toString()));
        } else {
            ObjectNode n = Api.JSON.valueToTree(e);
            root.out.println(root.format == Output.Format.json ? n.toString()
                    : "---\n" + Output.document(n, Output.Format.yaml));
        }
        root.out.flush();
    }
}
