package fluxor.enterprise.account;

import fluxor.enterprise.http.AppException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-hour request limits counted in the database (account_requests), so every instance sharing it counts the same
 * requests. Two concurrent requests may both pass at the limit's edge: the limits bound abuse, they are not quotas.
 */
final class Limits {
    static final Duration WINDOW = Duration.ofHours(1);
    private static final int PURGE_EVERY = 200;

    private final AccountStore store;
    private final AtomicLong requests = new AtomicLong();

    Limits(AccountStore store) {
        this.store = store;
    }

    /** 429 when {@code subject} or {@code ip} already made as many requests of {@code kind} in the window. */
    void check(String kind, String subject, int perSubject, String ip, int perIp, Instant now) {
        AccountStore.Counts counts = store.recentRequests(kind, subject, ip, now.minus(WINDOW));
        if (counts.bySubject() >= perSubject || counts.byIp() >= perIp) {
            throw AppException.RetryLater.tooManyRequests("Too many requests of this kind; try again later.", WINDOW);
        }
        if (requests.incrementAndGet() % PURGE_EVERY == 0) {
            store.purgeRequests(now, WINDOW.multipliedBy(2));
        }
    }
}
