package fluxor.enterprise.server;

import io.helidon.webserver.WebServer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Helidon 4.1.2 stops a listener for good when {@code accept()} fails (e.g. "Too many open files"), while the
 * process and {@link WebServer#isRunning()} carry on: a service that refuses every connection and that a
 * supervisor sees as alive. Worse, the failing accept thread then waits on itself inside {@code ServerListener.stop()}
 * and never ends. So this watches both what Helidon logs in that case (ERROR "... this server socket is terminating
 * now", from {@code io.helidon.webserver.ServerListener}) and the end of each accept thread
 * ({@code server-<socket>-listener}), and calls {@code onDeath} once when either happens while we are not stopping
 * the server ourselves, so the process can exit non-zero and be restarted.
 */
public final class ListenerWatchdog {
    private static final System.Logger LOGGER = System.getLogger(ListenerWatchdog.class.getName());
    private static final String HELIDON_LISTENER_LOGGER = "io.helidon.webserver.ServerListener";
    private final WebServer server;
    private final CountDownLatch died = new CountDownLatch(1);
    private final Logger helidonListenerLogger =
            Logger.getLogger(HELIDON_LISTENER_LOGGER); // held: JUL keeps loggers weakly
    private volatile String cause = "";
    private volatile boolean stopping;

    private ListenerWatchdog(WebServer server) {
        this.server = server;
    }

    /**
     * Starts the server and watches the listeners it started; {@code onDeath} gets what happened. Accept threads
     * that exist before the start are left out, so other servers in the same JVM (tests) do not count.
     */
    public static ListenerWatchdog start(Supplier<WebServer> start, Consumer<String> onDeath) {
        Set<Thread> before = listenerThreads();
        WebServer server = start.get();
        ListenerWatchdog watchdog = new ListenerWatchdog(server);
        watchdog.helidonListenerLogger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()
                        && message != null
                        && message.contains("server socket is terminating")) {
                    watchdog.died(message + (record.getThrown() == null ? "" : ": " + record.getThrown()));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        List<Thread> listeners =
                listenerThreads().stream().filter(t -> !before.contains(t)).toList();
        for (Thread listener : listeners) {
            Thread.ofPlatform().daemon().name(listener.getName() + "-watchdog").start(() -> {
                try {
                    listener.join();
                    watchdog.died(listener.getName() + " ended");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Thread.ofPlatform().daemon().name("listener-watchdog").start(() -> {
            try {
                watchdog.died.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!watchdog.stopping) {
                LOGGER.log(
                        System.Logger.Level.ERROR,
                        "the listener on port " + server.port() + " stopped accepting connections (" + watchdog.cause
                                + "); the service cannot serve: exiting so that the supervisor restarts it");
                onDeath.accept(watchdog.cause);
            }
        });
        return watchdog;
    }

    private void died(String what) {
        if (died.getCount() > 0) {
            cause = what;
            died.countDown();
        }
    }

    private static Set<Thread> listenerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("server-") && t.getName().endsWith("-listener"))
                .collect(Collectors.toSet());
    }

    public WebServer server() {
        return server;
    }

    /** Our own shutdown is about to stop the listeners: not a death. */
    public void stopping() {
        stopping = true;
    }
}
