package io.fosfleet.local.e2e;

import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * On a failed test, the last lines of every service's log of the {@link FosfleetSystem} (when it was started); a
 * failed start prints them itself. Use with {@code @ExtendWith(TailOnFailure.class)}.
 */
public final class TailOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        FosfleetSystem system = FosfleetSystem.startedOrNull();
        if (system != null) {
            System.err.println("==== " + context.getDisplayName() + " failed; the services' logs end:\n"
                    + system.tails(40));
            System.err.println("==== alert-service's counters:\n" + system.get(system.alertUrl() + "/q/metrics", null)
                    .body().lines().filter(l -> l.startsWith("fosfleet_alert")).collect(Collectors.joining("\n")));
        }
    }
}
