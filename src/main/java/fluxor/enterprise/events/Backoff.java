package fluxor.enterprise.events;

import java.time.Duration;

/**
 * Exponential backoff with jitter: before retry n (n = failed attempts so far, from 1) wait
 * {@code min(max, initial * 2^(n-1))}, of which the upper half is random ("equal jitter"), so that instances that
 * failed together do not retry in lockstep while the delay still grows.
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalStateException("events.backoff.initial must be >= 0 and <= events.backoff.max");
        }
    }

    /** The delay before the next attempt; {@code random} is uniform in [0, 1). */
    public Duration delay(int failedAttempts, double random) {
        int exponent = Math.max(0, Math.min(failedAttempts - 1, 40));
        double base = Math.min((double) max.toMillis(), initial.toMillis() * Math.pow(2, exponent));
        double jittered = base / 2 + base / 2 * Math.max(0, Math.min(random, 1));
        return Duration.ofMillis(Math.round(jittered));
    }
}
