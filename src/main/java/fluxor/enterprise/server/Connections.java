package fluxor.enterprise.server;

import com.sun.management.UnixOperatingSystemMXBean;
import io.helidon.config.Config;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.lang.management.ManagementFactory;

/**
 * What the listener lets clients hold: at most {@code cap} connections, so that {@code accept()} never runs out
 * of descriptors; deadlines for slow headers and bodies; a header-field count. App installs it on the server
 * builder and the routing; the listener watchdog is separate ({@link ListenerWatchdog}).
 */
public final class Connections implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Connections.class.getName());
    private final Config config;
    private final ConnectionSettings settings;
    private final SlowClients slowClients;
    private final long descriptorLimit;
    private final long maxHeap;
    private final int cap;

    private Connections(Config config) {
        this.config = config;
        this.settings = ConnectionSettings.from(config);
        this.descriptorLimit = descriptorLimit();
        this.maxHeap = Runtime.getRuntime().maxMemory();
        this.cap = settings.cap(descriptorLimit, maxHeap);
        this.slowClients = new SlowClients(settings);
    }

    public static Connections create(Config config) {
        return new Connections(config);
    }

    /** The process's open-file limit (RLIMIT_NOFILE), or -1 where the JVM cannot tell. */
    static long descriptorLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : -1;
    }

    public int cap() {
        return cap;
    }

    /** The connection cap and the HTTP/1.1 listeners that watch every request's headers and body. */
    public void server(WebServerConfig.Builder server) {
        server.maxTcpConnections(cap);
        // The only protocol: built from server.protocols.http_1_1 like Helidon's own, plus our listeners.
        server.protocolsDiscoverServices(false);
        server.protocols(java.util.List.of(Http1Config.builder()
                .config(config.get("server.protocols.http_1_1"))
                .name("http_1_1")
                .addReceiveListener(slowClients.receiving())
                .addSendListener(slowClients.sending())
                .build()));
        long reserve = descriptorLimit - cap;
        LOGGER.log(
                reserve < settings.reservedDescriptors() && descriptorLimit > 0
                        ? System.Logger.Level.WARNING
                        : System.Logger.Level.INFO,
                "connections: descriptor limit " + (descriptorLimit > 0 ? descriptorLimit : "unknown") + ", heap "
                        + (maxHeap >> 20) + " MB, at most " + cap + " connections"
                        + (settings.configuredMax() > 0
                                ? " (connections.max)"
                                : " (the smaller of the limit less " + settings.reservedDescriptors()
                                        + " reserved and the heap at " + settings.heapPerConnection() / 1024
                                        + " KiB each)")
                        + (descriptorLimit > 0 ? ", " + reserve + " descriptors left for files and pools" : "")
                        + "; headers within " + settings.headerTimeout().toMillis() + " ms, bodies at "
                        + settings.bodyMinRate() + " B/s or more after "
                        + settings.bodyGrace().toMillis()
                        + " ms, at most " + settings.maxHeaderFields() + " header fields");
        slowClients.start();
    }

    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(slowClients.filter());
    }

    @Override
    public void close() {
        slowClients.close();
    }
}
