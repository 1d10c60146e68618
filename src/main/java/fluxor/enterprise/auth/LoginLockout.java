package fluxor.enterprise.auth;

import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Brute-force protection that an attacker cannot aim at the account's owner. Failures count per (email, client IP
 * key), unknown emails too (so a 429 says nothing about whether an account exists): after {@value #FREE_FAILURES}
 * in {@link #PAIR_WINDOW} that pair is locked for 1 min, doubling with each further failure up to 1 h; other
 * clients are not affected. Across all clients, {@code auth.lockout.account-threshold} failures (50) within
 * {@code auth.lockout.account-window} (1 h) lock the account itself for {@code auth.lockout.account-lock} (1 h) and
 * write a {@code user.locked} outbox event (the unlock email) in the same transaction. Both locks answer the same
 * 429. A second factor's wrong code can count here too: {@link #check} before, {@link #recordFailure} after.
 */
public final class LoginLockout {
    public static final String USER_LOCKED = "user.locked";
    static final String LOCKED = "Too many failed logins; try again later.";
    static final int FREE_FAILURES = 5;
    static final Duration PAIR_WINDOW = Duration.ofMinutes(15);
    static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    static final Duration MAX_LOCK = Duration.ofHours(1);
    private static final int PURGE_EVERY = 256;

    private final LoginFailures failures;
    private final UserRepository users;
    private final Outbox outbox;
    private final Clock clock;
    private final int accountThreshold;
    private final Duration accountWindow;
    private final Duration accountLock;
    private final Counter pairLocks = lockouts("ip");
    private final Counter accountLocks = lockouts("account");
    private final AtomicLong counted = new AtomicLong();

    LoginLockout(
            DbClient db,
            UserRepository users,
            Clock clock,
            int accountThreshold,
            Duration accountWindow,
            Duration accountLock) {
        this.failures = new LoginFailures(db);
        this.users = users;
        this.outbox = new Outbox(db);
        this.clock = clock;
        this.accountThreshold = accountThreshold;
        this.accountWindow = accountWindow;
        this.accountLock = accountLock;
    }

    /** {@code auth.lockout.account-threshold} (50), {@code account-window} (PT1H), {@code account-lock} (PT1H). */
    public static LoginLockout create(Config config, DbClient db, UserRepository users, Clock clock) {
        Config c = config.get("auth.lockout");
        int threshold = c.get("account-threshold").asInt().orElse(50);
        Duration window = c.get("account-window").as(Duration.class).orElse(Duration.ofHours(1));
        Duration lock = c.get("account-lock").as(Duration.class).orElse(Duration.ofHours(1));
        if (threshold <= FREE_FAILURES
                || window.isNegative()
                || window.isZero()
                || lock.isNegative()
                || lock.isZero()) {
            throw new IllegalArgumentException("auth.lockout.account-threshold must be more than " + FREE_FAILURES
                    + " and auth.lockout.account-window and account-lock positive");
        }
        return new LoginLockout(db, users, clock, threshold, window, lock);
    }

    /** Throws the 429 (with Retry-After) while this (email, client) pair or the whole account is locked. */
    public void check(String email, String clientKey) {
        Instant now = clock.instant();
        Optional<Instant> until = failures.lockedUntil(User.emailKey(email), clientKey, now);
        if (until.isPresent()) {
            Audit.log("login.locked", "email_hash", emailHash(email), "client", clientKey);
            throw AppException.RetryLater.tooManyRequests(LOCKED, Duration.between(now, until.get()));
        }
    }

    /** One wrong password (or second factor) for {@code email} from {@code clientKey}; returns the pair's count. */
    public int recordFailure(String email, String clientKey) {
        Instant now = clock.instant();
        String key = User.emailKey(email);
        int pair = failures.inTransaction(tx -> {
            LoginFailures.Count count = failures.count(tx, key, clientKey, now, PAIR_WINDOW);
            if (count.failures() >= FREE_FAILURES) {
                int doublings = Math.min(count.failures() - FREE_FAILURES, 10);
                Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
                Instant until = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
                failures.lock(tx, key, clientKey, until);
                pairLocks.increment();
                Audit.log(
                        "login.lockout",
                        "kind",
                        "ip",
                        "email_hash",
                        emailHash(email),
                        "client",
                        clientKey,
                        "until",
                        until.toString());
            }
            return count.failures();
        });
        failures.inTransaction(tx -> {
            LoginFailures.Count count = failures.count(tx, key, LoginFailures.ACCOUNT, now, accountWindow);
            if (count.failures() >= accountThreshold) {
                Instant until = now.plus(accountLock);
                failures.lock(tx, key, LoginFailures.ACCOUNT, until);
                Optional<User> user = users.findByEmail(email);
                user.ifPresent(u -> failures.lockAccount(tx, u.id(), count.failures(), until));
                if (!count.wasLocked()) {
                    accountLocks.increment();
                    user.ifPresent(u -> outbox.append(tx, USER_LOCKED, lockedEvent(u, until), now));
                    Audit.log(
                            "login.lockout",
                            "kind",
                            "account",
                            "email_hash",
                            emailHash(email),
                            "user_id",
                            user.map(u -> u.id().toString()).orElse(""),
                            "until",
                            until.toString());
                }
            }
            return null;
        });
        if (counted.incrementAndGet() % PURGE_EVERY == 0) {
            Duration longest = accountWindow.compareTo(PAIR_WINDOW) > 0 ? accountWindow : PAIR_WINDOW;
            failures.purge(now.minus(longest), now);
        }
        return pair;
    }

    /** The right password from this client: its pair starts over. */
    public void succeeded(String email, String clientKey) {
        failures.clearPair(User.emailKey(email), clientKey);
    }

    private static String lockedEvent(User user, Instant until) {
        return Jsons.object()
                .add("user_id", user.id().toString())
                .add("email", user.email())
                .add("name", user.name())
                .add("locked_until", until.toString())
                .build()
                .toString();
    }

    static String emailHash(String email) {
        return Authenticator.sha256(User.emailKey(email)).substring(0, 16);
    }

    private static Counter lockouts(String kind) {
        return Metrics.globalRegistry()
                .getOrCreate(Counter.builder("auth.lockouts")
                        .description("Login locks started, per (account, client IP) pair or account-wide")
                        .tags(List.of(Tag.create("kind", kind))));
    }
}
