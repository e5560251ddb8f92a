package io.mistakeflow.platform.embedded;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Every bounded wait of the embedded stack and the demo: Awaitility, checking at once and then
 * every {@code interval}. An exception thrown by the check ends the wait at once (a FAILED
 * connector need not be waited for); a timeout is an {@link IllegalStateException} saying what
 * did not happen, in words fit for a one-line error.
 */
public final class Waits {

    private Waits() {
    }

    public static void until(String what, Duration timeout, Duration interval, Callable<Boolean> done) {
        until(what, timeout, interval, done, () -> "");
    }

    /** {@code state} says, on a timeout, what was seen instead. */
    public static void until(String what, Duration timeout, Duration interval, Callable<Boolean> done,
                             Supplier<String> state) {
        try {
            await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(interval).until(done);
        } catch (ConditionTimeoutException e) {
            String seen = state.get();
            throw new IllegalStateException(what + ": not within " + timeout.toSeconds() + " s"
                    + (seen.isEmpty() ? "" : " (" + seen + ")"));
        }
    }
}
