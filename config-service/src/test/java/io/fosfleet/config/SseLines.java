package io.fosfleet.config;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The lines of a server-sent event stream, read on a daemon thread of their own until the stream ends; then
 * {@link #END} follows.
 */
final class SseLines {

    /** Follows the last line once the server has ended the stream. */
    static final String END = "(the stream ended)";

    private SseLines() {
    }

    static BlockingQueue<String> follow(HttpResponse<InputStream> response) {
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.offer(line);
                }
                lines.offer(END);
            } catch (Exception ignored) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
