package io.fosfleet.kafka;

import org.apache.kafka.clients.consumer.Consumer;

import java.time.Duration;

/** Stopping a consumer that polls on a thread of its own (a {@link RecordLoop}, or a service's own loop). */
public final class ConsumerThreads {

    private ConsumerThreads() {
    }

    /**
     * Wakes the consumer out of its poll and waits up to {@code patience} for its thread to end; the thread closes
     * the consumer on its way out (leaving its group at once). The caller has told its loop to stop before.
     */
    public static void stop(Consumer<?, ?> consumer, Thread thread, Duration patience) {
        consumer.wakeup();
        try {
            thread.join(patience.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
