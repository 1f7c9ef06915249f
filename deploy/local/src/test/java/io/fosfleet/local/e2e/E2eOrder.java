package io.fosfleet.local.e2e;

import org.junit.jupiter.api.Order;

/**
 * The order of the end-to-end test classes (JUnit's {@code ClassOrderer.OrderAnnotation}, set in
 * {@code src/test/resources/junit-platform.properties}): the quiet ones first, then classes without an {@link Order}
 * (they get {@link Order#DEFAULT}), then the disruptive ones (SIGKILLs, the broker outage), each of which restores
 * what it broke before it ends.
 */
final class E2eOrder {

    /** Tests that only use their own pair or device. */
    static final int QUIET = 100;
    /** After every class without an order: replicas killed, the broker stopped. */
    static final int DISRUPTIVE = Order.DEFAULT + 100;

    private E2eOrder() {
    }
}
