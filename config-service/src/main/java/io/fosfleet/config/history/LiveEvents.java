package io.fosfleet.config.history;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/** Fans live events out to every open stream (gRPC); a slow subscriber drops events rather than hold others up. */
@ApplicationScoped
public class LiveEvents {

    private final BroadcastProcessor<LiveEvent> hub = BroadcastProcessor.create();

    public synchronized void emit(LiveEvent event) {
        hub.onNext(event);
    }

    public Multi<LiveEvent> stream() {
        return hub.onOverflow().drop();
    }
}
