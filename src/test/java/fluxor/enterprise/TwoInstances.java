package fluxor.enterprise;

import io.helidon.config.Config;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import java.util.HashMap;
import java.util.Map;

/** Two instances of the service on one fresh PostgreSQL schema, as behind a load balancer. */
public final class TwoInstances implements AutoCloseable {
    private final Config config;
    private final App[] apps = new App[2];
    private final WebServer[] servers = new WebServer[2];

    private TwoInstances(Config config) {
        this.config = config;
    }

    /** Seed data off, loopback, any free ports; then {@code overrides}. */
    public static TwoInstances onPostgres(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(TestDatabases.postgres());
        all.put("seed.data", "false");
        all.put("server.port", "0");
        all.put("server.host", "127.0.0.1");
        all.putAll(overrides);
        Config config = TestApp.config(all);
        Config.global(config);
        TwoInstances two = new TwoInstances(config);
        try {
            for (int i = 0; i < 2; i++) {
                two.apps[i] = App.create(config);
                two.servers[i] = two.apps[i].start();
            }
        } catch (RuntimeException e) {
            two.close();
            throw e;
        }
        return two;
    }

    public Config config() {
        return config;
    }

    public Http1Client first() {
        return client(servers[0]);
    }

    public Http1Client second() {
        return client(servers[1]);
    }

    private static Http1Client client(WebServer server) {
        return Http1Client.builder()
                .baseUri("http://127.0.0.1:" + server.port())
                .build();
    }

    @Override
    public void close() {
        for (WebServer server : servers) {
            if (server != null) {
                server.stop();
            }
        }
        for (App app : apps) {
            if (app != null) {
                app.close();
            }
        }
    }
}
