package fluxor.enterprise.server;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.DirectTransportRequest;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deadlines Helidon 4.1.2 does not have: a request's headers must be complete within {@code header-timeout} of its
 * request line, and its body must arrive at {@code body-min-rate} on average (after {@code body-grace}); a request
 * over either is cut by closing its socket (a body with a 408 problem first). Helidon's socket read timeout
 * ({@code connection-options.read-timeout}) is never applied to server sockets, and its idle-connection check only
 * interrupts connections waiting for a request line, so a client that stops halfway through its headers or body
 * would hold its connection and virtual thread forever.
 *
 * <p>Helidon's receive listener tells us, on the connection's own virtual thread, when a request line and when the
 * headers have been read; the thread is the key (routing runs on it too, so a filter can attach the request). One
 * platform thread checks the open deadlines four times a second; a request costs two map operations.
 */
final class SlowClients implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(SlowClients.class.getName());
    private static final long TICK_MILLIS = 250;
    /** RFC 6585; Helidon 4.1.2 has no constant for it. */
    private static final Status HEADERS_TOO_LARGE = Status.create(431, "Request Header Fields Too Large");

    private static final long FORCE_CLOSE_NANOS = 2_000_000_000L;

    private enum Phase {
        HEADERS,
        BODY,
        CLOSING
    }

    /** One request's deadline; replaced, never changed, when the request moves on (except what it learns late). */
    private static final class Exchange {
        final ConnectionContext ctx;
        final HttpPrologue prologue;
        final Headers headers;
        final Phase phase;
        final long deadline;
        volatile ServerRequest request;
        volatile boolean responded;
        volatile boolean cut;

        Exchange(ConnectionContext ctx, HttpPrologue prologue, Headers headers, Phase phase, long deadline) {
            this.ctx = ctx;
            this.prologue = prologue;
            this.headers = headers;
            this.phase = phase;
            this.deadline = deadline;
        }
    }

    private final ConnectionSettings settings;
    private final ConcurrentHashMap<Thread, Exchange> open = new ConcurrentHashMap<>();
    private final Counter headerTimeouts;
    private final Counter slowBodies;
    private final Thread reaper;
    private volatile boolean running = true;

    SlowClients(ConnectionSettings settings) {
        this.settings = settings;
        this.headerTimeouts = cutCounter("header_timeout");
        this.slowBodies = cutCounter("body_too_slow");
        this.reaper = Thread.ofPlatform().daemon().name("slow-client-reaper").unstarted(this::reap);
    }

    private static Counter cutCounter(String reason) {
        return Metrics.globalRegistry()
                .getOrCreate(Counter.builder("http.connections.cut")
                        .description("Connections closed because a client sent its request too slowly")
                        .tags(List.of(Tag.create("reason", reason))));
    }

    void start() {
        reaper.start();
    }

    Http1ConnectionListener receiving() {
        return new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                open.put(
                        Thread.currentThread(),
                        new Exchange(
                                ctx,
                                prologue,
                                null,
                                Phase.HEADERS,
                                System.nanoTime() + settings.headerTimeout().toNanos()));
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                Thread thread = Thread.currentThread();
                Exchange started = open.remove(thread);
                HttpPrologue prologue = started == null ? null : started.prologue;
                if (headers.size() > settings.maxHeaderFields()) {
                    throw RequestException.builder()
                            .type(EventType.BAD_REQUEST)
                            .status(HEADERS_TOO_LARGE)
                            .message("Too many header fields")
                            .request(
                                    prologue == null
                                            ? DirectHandler.TransportRequest.empty()
                                            : DirectTransportRequest.create(prologue, headers))
                            .setKeepAlive(false)
                            .build();
                }
                long length = bodyLength(headers);
                if (length != 0) {
                    open.put(
                            thread,
                            new Exchange(
                                    ctx,
                                    prologue,
                                    headers,
                                    Phase.BODY,
                                    System.nanoTime()
                                            + settings.bodyTimeout(length).toNanos()));
                }
            }
        };
    }

    Http1ConnectionListener sending() {
        return new Http1ConnectionListener() {
            @Override
            public void status(ConnectionContext ctx, Status status) {
                Exchange exchange = open.get(Thread.currentThread());
                if (exchange != null) {
                    exchange.responded = true;
                }
            }
        };
    }

    /**
     * Attaches the request to its deadline, so a body read in full ends it early; a request cut here is logged
     * and counted as the 408 its client got, not as whatever the handler failed to send on the closed socket.
     */
    Filter filter() {
        return (chain, req, res) -> {
            Exchange exchange = open.get(Thread.currentThread());
            if (exchange == null) {
                chain.proceed();
                return;
            }
            exchange.request = req;
            try {
                chain.proceed();
            } finally {
                if (exchange.cut) {
                    res.status(Status.REQUEST_TIMEOUT_408);
                }
            }
        };
    }

    /** Bytes the body declares; -1 for chunked (unknown), 0 for none. */
    private static long bodyLength(Headers headers) {
        if (headers.contains(HeaderValues.TRANSFER_ENCODING_CHUNKED)) {
            return -1;
        }
        try {
            return headers.contentLength().orElse(0);
        } catch (RuntimeException e) {
            return 0; // not a number: Helidon answers 400 before reading anything
        }
    }

    private void reap() {
        while (running) {
            try {
                Thread.sleep(TICK_MILLIS);
                sweep(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.WARNING, "slow-client check failed: " + e);
            }
        }
    }

    // ConcurrentHashMap iterates weakly consistently: removing while iterating is safe, and an exchange added
    // meanwhile is seen at the next tick. The conditional remove loses to a connection that moved on.
    private void sweep(long now) {
        open.forEach((thread, exchange) -> {
            if (!thread.isAlive() || bodyRead(exchange)) {
                open.remove(thread, exchange);
            } else if (now - exchange.deadline >= 0 && open.remove(thread, exchange)) {
                cut(thread, exchange, now);
            }
        });
    }

    private static boolean bodyRead(Exchange exchange) {
        ServerRequest request = exchange.request;
        return exchange.phase == Phase.BODY
                && request != null
                && request.content().consumed();
    }

    private void cut(Thread thread, Exchange exchange, long now) {
        switch (exchange.phase) {
            case HEADERS -> {
                headerTimeouts.increment();
                close(exchange.ctx);
            }
            case BODY -> {
                slowBodies.increment();
                exchange.cut = true;
                if (exchange.responded) {
                    close(exchange.ctx);
                    return;
                }
                // The connection's thread is blocked reading the body; a write from here could block on a client
                // that reads nothing, so it gets its own thread and a forced close if it takes longer than 2 s.
                open.put(
                        thread,
                        new Exchange(
                                exchange.ctx,
                                exchange.prologue,
                                exchange.headers,
                                Phase.CLOSING,
                                now + FORCE_CLOSE_NANOS));
                Thread.ofVirtual().name("slow-body-408").start(() -> {
                    try {
                        exchange.ctx
                                .dataWriter()
                                .writeNow(BufferData.create(
                                        RequestTimeout.bytes(exchange.ctx, exchange.prologue, exchange.headers)));
                    } catch (RuntimeException e) {
                        LOGGER.log(System.Logger.Level.DEBUG, "408 not delivered: " + e);
                    } finally {
                        close(exchange.ctx);
                    }
                });
            }
            case CLOSING -> close(exchange.ctx);
        }
    }

    private static void close(ConnectionContext ctx) {
        try {
            ctx.serverSocket().close();
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "closing a slow client's socket failed: " + e);
        }
    }

    @Override
    public void close() {
        running = false;
        reaper.interrupt();
    }
}
