package fluxor.enterprise.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.observability.Traces;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Argon2id (OWASP: m = 19 MiB, t = 2, p = 1) in PHC string form. Each hash costs tens of milliseconds of CPU and
 * 19 MiB of memory, so at most one hash per core runs at a time; a login flood then queues here instead of taking
 * every core from the other requests. Hashes run on platform threads of their own: on a virtual thread a hash would
 * hold its carrier for its whole duration (virtual threads are not preempted), so with one hash per core every
 * other request, the rest of each login included, would wait for a carrier; platform threads are time-sliced by the
 * OS with the carriers instead.
 */
public final class PasswordHasher {
    public static final int MEMORY_KIB = 19456;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);

    /** Outcome of a check; {@code rehash} is set when the stored hash used other parameters. */
    public record Check(boolean matches, String rehash) {}

    private final Argon2Function current;
    private final Semaphore permits;
    private final ExecutorService hashing;
    // The hash unknown accounts are checked against, computed at the first such login: computed at start-up, even in
    // the background, its 19 MiB Argon2id took CPU from the start on two cores.
    private volatile String dummyHash;

    public PasswordHasher() {
        this(MEMORY_KIB, ITERATIONS, PARALLELISM, Runtime.getRuntime().availableProcessors());
    }

    public PasswordHasher(int memoryKib, int iterations, int parallelism, int concurrentHashes) {
        this.current = Argon2Function.getInstance(memoryKib, iterations, parallelism, 32, Argon2.ID);
        this.permits = new Semaphore(Math.max(1, concurrentHashes), true);
        this.hashing = Executors.newFixedThreadPool(
                Math.max(1, concurrentHashes),
                Thread.ofPlatform().daemon().name("argon2id-", 0).factory());
    }

    public String hash(String password) {
        return bounded(() -> hashNow(password));
    }

    public Check check(String password, String phc) {
        return bounded(() -> {
            Argon2Function stored;
            try {
                stored = Argon2Function.getInstanceFromHash(phc);
            } catch (RuntimeException e) {
                return new Check(false, null);
            }
            boolean ok = stored.check(password, phc);
            String rehash = ok && !stored.equals(current) ? hashNow(password) : null;
            return new Check(ok, rehash);
        });
    }

    /** Spends the same work as a real check, so unknown emails answer as slowly as wrong passwords. */
    public void burn(String password) {
        String phc = dummyHash;
        if (phc == null) {
            // Racing first callers may each compute one; any of them serves. A 503 while busy propagates, and the
            // next unknown-account login tries again.
            phc = hash("dummy password for unknown accounts");
            dummyHash = phc;
        }
        check(password, phc);
    }

    private String hashNow(String password) {
        return Password.hash(password).addRandomSalt(16).with(current).getResult();
    }

    private <T> T bounded(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AppException.RetryLater.unavailable("The service is busy; try again shortly.", Duration.ofSeconds(1));
        }
        if (!acquired) {
            throw AppException.RetryLater.unavailable("The service is busy; try again shortly.", Duration.ofSeconds(1));
        }
        try {
            // A child span of the request: hashing is the slowest step of register and login.
            return Traces.span("password.argon2id", () -> onHashingThread(work));
        } finally {
            permits.release();
        }
    }

    private <T> T onHashingThread(Supplier<T> work) {
        Future<T> result = hashing.submit(work::get);
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw AppException.RetryLater.unavailable("The service is busy; try again shortly.", Duration.ofSeconds(1));
        } catch (ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }
}
