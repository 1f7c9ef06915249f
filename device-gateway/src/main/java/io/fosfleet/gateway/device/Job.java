package io.fosfleet.gateway.device;

import java.util.concurrent.CompletableFuture;

/** One piece of device I/O (a poll, a command, applying desired settings); a device runs its jobs one at a time. */
public interface Job {

    /** Starts the job on the device loop; the future completes once its outcome has been handled. */
    CompletableFuture<?> run();

    /** The device was handed to another replica or deleted before the job could start. */
    default void dropped() {
    }
}
