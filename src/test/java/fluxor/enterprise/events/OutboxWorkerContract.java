package fluxor.enterprise.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.MutableClock;
import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.db.Database;
import io.helidon.config.Config;
import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox worker against a real database, driven by hand ({@link OutboxWorker#drainOnce()}) with a clock the
 * test moves: retries and backoff, giving up, crash recovery, concurrent workers, clean stop. Subclasses pick the DB.
 */
abstract class OutboxWorkerContract {
    private static final String TYPE = "test.event";
    private static Database first;
    private static Database second;

    private final MutableClock clock = new MutableClock();
    private Outbox outbox;
    private Outbox outboxOfSecondInstance;

    /** Two pools on the same fresh database: two "instances" of the service. */
    static void open(TestDatabases.Kind kind) {
        Config config = TestApp.config(TestDatabases.fresh(kind));
        first = Database.create(config);
        first.migrate();
        second = Database.create(config);
    }

    @AfterAll
    static void close() {
        first.close();
        second.close();
    }

    @BeforeEach
    void emptyOutbox() {
        first.client().execute().delete("DELETE FROM outbox");
        outbox = new Outbox(first.client());
        outboxOfSecondInstance = new Outbox(second.client());
    }

    private static OutboxSettings settings(int batchSize, int maxAttempts) {
        return new OutboxSettings(
                true,
                Duration.ofMillis(20),
                batchSize,
                maxAttempts,
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                Duration.ofHours(1),
                Duration.ofSeconds(10),
                Duration.ofDays(7));
    }

    private OutboxWorker worker(Outbox box, EventBus bus, OutboxSettings settings) {
        return new OutboxWorker(box, bus, settings, clock, new OutboxMetrics(), () -> 0.5);
    }

    private List<UUID> append(int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String payload = Json.createObjectBuilder().add("n", i).build().toString();
            ids.add(outbox.append(first.client().execute(), TYPE, payload, clock.instant()));
        }
        return ids;
    }

    private Outbox.Entry entry(UUID id) {
        return outbox.find(id).orElseThrow();
    }

    @Test
    void aFailingSenderIsRetriedWithGrowingBackoffThenMarkedSent() {
        RecordingMailSender mail = new RecordingMailSender().failNext(2);
        EventBus bus = new EventBus().subscribe(TYPE, e -> mail.send(new MailMessage("x@example.com", "s", "b")));
        OutboxWorker worker = worker(outbox, bus, settings(10, 5));
        UUID id = append(1).getFirst();

        assertThat(worker.drainOnce(), is(1));
        Outbox.Entry afterFirst = entry(id);
        assertThat(afterFirst.status(), is(Outbox.PENDING));
        assertThat(afterFirst.attempts(), is(1));
        // backoff.initial 5 s, jitter 0.5: 2.5 s + 1.25 s
        assertThat(afterFirst.nextAttemptAt(), is(clock.instant().plusMillis(3_750)));
        assertThat(
                afterFirst.lastError(),
                is("MailException: 451 4.3.0 mail server busy, try later at " + "some.Stack.trace(X.java:1)"));
        assertThat(afterFirst.lastError(), not(containsString("\n")));

        assertThat("not due yet", worker.drainOnce(), is(0));
        clock.advance(Duration.ofMillis(3_750));
        assertThat(worker.drainOnce(), is(1));
        Outbox.Entry afterSecond = entry(id);
        assertThat(afterSecond.attempts(), is(2));
        // doubled: 5 s base, 2.5 s + 1.25 s... of 10 s: 5 s + 2.5 s
        assertThat(afterSecond.nextAttemptAt(), is(clock.instant().plusMillis(7_500)));

        clock.advance(Duration.ofMillis(7_500));
        assertThat(worker.drainOnce(), is(1));
        Outbox.Entry sent = entry(id);
        assertThat(sent.status(), is(Outbox.SENT));
        assertThat(sent.attempts(), is(3));
        assertThat(sent.sentAt(), is(clock.instant()));
        assertThat(mail.accepted(), hasSize(1));
        assertThat(mail.calls(), is(3));
        clock.advance(Duration.ofHours(2));
        assertThat("sent stays sent", worker.drainOnce(), is(0));
    }

    @Test
    void afterMaxAttemptsTheEventIsMarkedFailedAndKept() {
        RecordingMailSender mail = new RecordingMailSender().failNext(Integer.MAX_VALUE);
        EventBus bus = new EventBus().subscribe(TYPE, e -> mail.send(new MailMessage("x@example.com", "s", "b")));
        OutboxWorker worker = worker(outbox, bus, settings(10, 3));
        UUID id = append(1).getFirst();

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(worker.drainOnce(), is(1));
            clock.advance(Duration.ofHours(1));
        }
        Outbox.Entry failed = entry(id);
        assertThat(failed.status(), is(Outbox.FAILED));
        assertThat(failed.attempts(), is(3));
        assertThat(worker.drainOnce(), is(0));
        assertThat(mail.calls(), is(3));
        assertThat(worker.refreshStats().failed(), is(1L));

        // nothing lost: an operator requeues it once the mail server is back
        mail.failNext(0);
        assertThat(outbox.requeueFailed(clock.instant()), is(1L));
        assertThat(worker.drainOnce(), is(1));
        assertThat(entry(id).status(), is(Outbox.SENT));
        assertThat(mail.accepted(), hasSize(1));
    }

    @Test
    void aClaimOfAWorkerThatDiedIsTakenAgainOnceItsLeaseExpires() {
        List<UUID> ids = append(3);
        // a worker claims the rows and dies before delivering or releasing them
        List<Outbox.Message> orphaned =
                outbox.claim("dead-worker", clock.instant(), clock.instant().plus(Duration.ofMinutes(5)), 10);
        assertThat(orphaned, hasSize(3));

        Map<UUID, AtomicInteger> delivered = new ConcurrentHashMap<>();
        EventBus bus = new EventBus()
                .subscribe(
                        TYPE,
                        e -> delivered
                                .computeIfAbsent(e.id(), k -> new AtomicInteger())
                                .incrementAndGet());
        OutboxWorker survivor = worker(outboxOfSecondInstance, bus, settings(10, 5));
        assertThat("still leased", survivor.drainOnce(), is(0));
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        assertThat(survivor.drainOnce(), is(3));

        assertThat(delivered.keySet(), is(new java.util.HashSet<>(ids)));
        ids.forEach(id -> assertThat(entry(id).status(), is(Outbox.SENT)));
        // the dead worker, coming back late, cannot mark them (its claim token is gone)
        assertThat(outbox.markSent(ids.getFirst(), "dead-worker", 1, clock.instant()), is(false));
    }

    @Test
    void concurrentWorkersOnTwoInstancesDeliverEveryEventExactlyOnce() throws Exception {
        List<UUID> ids = append(150);
        Map<UUID, AtomicInteger> delivered = new ConcurrentHashMap<>();
        EventBus bus = new EventBus()
                .subscribe(
                        TYPE,
                        e -> delivered
                                .computeIfAbsent(e.id(), k -> new AtomicInteger())
                                .incrementAndGet());
        List<OutboxWorker> workers =
                List.of(worker(outbox, bus, settings(7, 5)), worker(outboxOfSecondInstance, bus, settings(7, 5)));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> claimers = new ArrayList<>();
        // platform threads: what matters is concurrent transactions, and class loading under a library monitor on
        // a virtual thread would show up as pinning with our frames on the stack (scripts/test.d/pinned-threads)
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                OutboxWorker worker = workers.get(t % 2);
                claimers.add(threads.submit(() -> {
                    go.await();
                    int claimed = 0;
                    int idle = 0;
                    while (idle < 3) {
                        int n = worker.drainOnce();
                        claimed += n;
                        idle = n == 0 ? idle + 1 : 0;
                    }
                    return claimed;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> claimer : claimers) {
                total += claimer.get(120, TimeUnit.SECONDS);
            }
            assertThat("every row claimed exactly once across all workers", total, is(150));
        }
        assertThat(delivered.keySet(), is(new java.util.HashSet<>(ids)));
        assertThat(delivered.values().stream().map(AtomicInteger::get).toList(), everyItem(is(1)));
        Map<String, Integer> statuses = new HashMap<>();
        outbox.ofType(TYPE, 1000).forEach(e -> statuses.merge(e.status(), 1, Integer::sum));
        assertThat(statuses, is(Map.of(Outbox.SENT, 150)));
        assertThat(workers.getFirst().refreshStats().pending(), is(0L));
    }

    @Test
    void stoppingFinishesTheEmailInHandAndReleasesTheRestOfTheBatch() throws Exception {
        List<UUID> ids = append(5);
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        List<UUID> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventBus bus = new EventBus().subscribe(TYPE, e -> {
            sending.countDown();
            try {
                mayFinish.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ie);
            }
            delivered.add(e.id());
        });
        OutboxWorker worker = worker(outbox, bus, settings(10, 5)).start();
        assertThat(sending.await(30, TimeUnit.SECONDS), is(true));

        Thread stopper = Thread.ofPlatform().start(worker::close);
        Thread.sleep(100);
        mayFinish.countDown();
        stopper.join(Duration.ofSeconds(30));
        assertThat(stopper.isAlive(), is(false));
        assertThat(worker.state(), is(OutboxWorker.State.STOPPED));

        assertThat(delivered, hasSize(1));
        assertThat(entry(delivered.getFirst()).status(), is(Outbox.SENT));
        // the other four are free at once for any instance, without waiting for the lease
        List<Outbox.Message> rest = outboxOfSecondInstance.claim(
                "next", clock.instant(), clock.instant().plusSeconds(60), 10);
        assertThat(rest, hasSize(4));
        assertThat(rest.stream().map(Outbox.Message::id).toList(), everyItem(not(is(delivered.getFirst()))));
        assertThat(ids, hasSize(5));
    }

    @Test
    void theRunningWorkerDeliversWhatIsAppendedAndReportsTheBacklog() throws Exception {
        RecordingMailSender mail = new RecordingMailSender();
        EventBus bus = new EventBus().subscribe(TYPE, e -> mail.send(new MailMessage("r@example.com", "s", "b")));
        try (OutboxWorker worker = worker(outbox, bus, settings(10, 5)).start()) {
            append(12);
            worker.wake();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (mail.accepted().size() < 12 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(mail.accepted(), hasSize(12));
            assertThat(worker.state(), is(OutboxWorker.State.RUNNING));
            while (worker.stats().pending() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(worker.stats().pending(), is(0L));
            assertThat(worker.lastPoll(), is(clock.instant()));
        }
        assertThat(
                outbox.ofType(TYPE, 100).stream()
                        .filter(e -> !e.status().equals(Outbox.SENT))
                        .toList(),
                empty());
    }

    @Test
    void sentRowsPastRetentionArePurgedButPendingAndFailedKept() {
        List<UUID> ids = append(3);
        String token = "t";
        outbox.claim(token, clock.instant(), clock.instant().plusSeconds(60), 10);
        outbox.markSent(ids.get(0), token, 1, clock.instant());
        outbox.fail(ids.get(1), token, 10, clock.instant(), "gave up");
        clock.advance(Duration.ofDays(8));
        assertThat(outbox.purgeSent(clock.instant().minus(Duration.ofDays(7))), is(1L));
        assertThat(outbox.find(ids.get(0)).isPresent(), is(false));
        assertThat(entry(ids.get(1)).status(), is(Outbox.FAILED));
        assertThat(entry(ids.get(2)).status(), is(Outbox.PENDING));
        assertThat(entry(ids.get(1)).lastError().length(), lessThanOrEqualTo(300));
    }
}
