package fluxor.enterprise.webhooks;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver for the tests, on its own socket: {@code /ok} answers 204; {@code /flaky} answers 500 to the first
 * request of each webhook-id and 200 afterwards; {@code /redirect} answers 307 to {@code /target}; {@code /hang}
 * answers only when the receiver closes (or after a minute). Every request is recorded with its headers and raw body.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived. */
    record Received(String path, String id, String timestamp, String signature, String body, Instant at) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> flakySeen = new ConcurrentHashMap<>();
    private final CountDownLatch hung = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();
    private final WebServer server;

    WebhookReceiver() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .routing(r -> r.post("/ok", (req, res) -> answer(req, res, Status.NO_CONTENT_204))
                        .post("/flaky", this::flaky)
                        .post("/redirect", (req, res) -> {
                            record(req);
                            res.status(Status.TEMPORARY_REDIRECT_307)
                                    .header(HeaderNames.LOCATION, "/target")
                                    .send();
                        })
                        .post("/target", (req, res) -> answer(req, res, Status.OK_200))
                        .post("/hang", this::hang))
                .build()
                .start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Requests at /hang that have not been answered yet (the sender may have given up on them already). */
    int hanging() {
        return hanging.get();
    }

    private void answer(ServerRequest req, ServerResponse res, Status status) {
        record(req);
        res.status(status).send();
    }

    private void flaky(ServerRequest req, ServerResponse res) {
        Received r = record(req);
        int n = flakySeen.computeIfAbsent(r.id(), k -> new AtomicInteger()).incrementAndGet();
        res.status(n == 1 ? Status.INTERNAL_SERVER_ERROR_500 : Status.OK_200).send();
    }

    private void hang(ServerRequest req, ServerResponse res) throws InterruptedException {
        record(req);
        hanging.incrementAndGet();
        try {
            hung.await(60, TimeUnit.SECONDS);
        } finally {
            hanging.decrementAndGet();
        }
        res.status(Status.OK_200).send();
    }

    private Received record(ServerRequest req) {
        Received r = new Received(
                req.path().path(),
                req.headers().first(HeaderNames.create("webhook-id")).orElse(null),
                req.headers().first(HeaderNames.create("webhook-timestamp")).orElse(null),
                req.headers().first(HeaderNames.create("webhook-signature")).orElse(null),
                new String(req.content().as(byte[].class), StandardCharsets.UTF_8),
                Instant.now());
        received.add(r);
        return r;
    }

    @Override
    public void close() {
        hung.countDown();
        server.stop();
    }
}
