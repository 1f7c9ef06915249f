package io.fosfleet.alert.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint for tests: {@code /ok} takes every post (after an optional delay), {@code /fail} answers 500.
 * Keeps what it was sent.
 */
public final class WebhookServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> received = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final long delayMillis;

    public WebhookServer(long delayMillis) throws IOException {
        this.delayMillis = delayMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/ok", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                received.add(body);
                keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/fail", exchange -> {
            exchange.getRequestBody().readAllBytes();
            failed.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public synchronized List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** What a receiver that honours Idempotency-Key keeps: the first payload of each key. */
    public synchronized List<JsonNode> receivedOncePerKey() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<JsonNode> once = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            if (seen.add(keys.get(i))) {
                once.add(received.get(i));
            }
        }
        return once;
    }

    /** The payloads whose group is this pair. */
    public List<JsonNode> forPair(String pair) {
        return received().stream().filter(p -> pair.equals(p.path("groupLabels").path("pair").asText())).toList();
    }

    public int failedRequests() {
        return failed.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
