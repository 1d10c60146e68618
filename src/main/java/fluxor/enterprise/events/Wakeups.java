package fluxor.enterprise.events;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A polling worker's pause: up to the poll interval, or less when something {@link #wake}s it (coalesced). */
public final class Wakeups {
    private final Semaphore permits = new Semaphore(0);

    public void wake() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** Waits at most {@code interval}; false when interrupted (the caller should stop). */
    public boolean pause(Duration interval) {
        try {
            if (permits.tryAcquire(interval.toNanos(), TimeUnit.NANOSECONDS)) {
                permits.drainPermits();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
