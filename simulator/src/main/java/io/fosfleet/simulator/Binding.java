package io.fosfleet.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.BindException;
import java.util.function.Supplier;

/**
 * Binding a socket again right after closing it: Java NIO releases a closed channel's port only once its event loop
 * has deregistered it, a little after the close completed, so "address already in use" is retried for a moment.
 */
final class Binding {

    private static final int ATTEMPTS = 50;
    private static final long RETRY_MILLIS = 10;

    private Binding() {
    }

    /** @param bind creates a fresh socket or server and binds it */
    static <T> Future<T> retrying(Vertx vertx, Supplier<Future<T>> bind) {
        return retrying(vertx, bind, ATTEMPTS);
    }

    private static <T> Future<T> retrying(Vertx vertx, Supplier<Future<T>> bind, int attempts) {
        return bind.get().recover(failure -> {
            if (attempts <= 1 || !(failure instanceof BindException) || !String.valueOf(failure.getMessage())
                    .contains("in use")) {
                return Future.failedFuture(failure);
            }
            Promise<T> retried = Promise.promise();
            vertx.setTimer(RETRY_MILLIS, id -> retrying(vertx, bind, attempts - 1).onComplete(retried));
            return retried.future();
        });
    }
}
