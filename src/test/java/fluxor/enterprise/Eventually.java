package fluxor.enterprise;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls until something asynchronous (a worker, a webhook) has happened, or fails the test after the limit. */
public final class Eventually {
    private Eventually() {}

    public static <T> T get(Duration limit, String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static void until(Duration limit, String what, Supplier<Boolean> condition) {
        get(limit, what, () -> condition.get() ? Optional.of(true) : Optional.empty());
    }
}
