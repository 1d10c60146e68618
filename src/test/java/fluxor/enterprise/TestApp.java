package fluxor.enterprise;

import fluxor.enterprise.events.MailSender;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole service for a test class, on a fresh database, configured from application.yaml plus the given
 * overrides (environment variables and system properties are ignored, so tests do not depend on the machine).
 * Use from {@code @SetUpServer} / {@code @SetUpRoute}.
 */
public final class TestApp {
    private final Config config;
    private final App app;

    private TestApp(Config config, MailSender mailSender, Clock clock) {
        this.config = config;
        Config.global(config);
        this.app = App.create(config, mailSender, clock);
    }

    public static TestApp on(TestDatabases.Kind kind) {
        return on(kind, Map.of());
    }

    public static TestApp on(TestDatabases.Kind kind, Map<String, String> overrides) {
        return on(kind, overrides, null);
    }

    /** The service with this mail sender (e.g. one that records the welcome emails) instead of the log sender. */
    public static TestApp on(TestDatabases.Kind kind, Map<String, String> overrides, MailSender mailSender) {
        return on(kind, overrides, mailSender, Clock.systemUTC());
    }

    /** The service with this mail sender (null = the configured one) and clock (e.g. events.MutableClock). */
    public static TestApp on(
            TestDatabases.Kind kind, Map<String, String> overrides, MailSender mailSender, Clock clock) {
        Map<String, String> all = new HashMap<>(TestDatabases.fresh(kind));
        all.put("seed.data", "false");
        all.put("data.dir", "target/test-data");
        all.putAll(overrides);
        return new TestApp(config(all), mailSender, clock);
    }

    public static Config config(Map<String, String> overrides) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(overrides))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }

    public void server(WebServerConfig.Builder server) {
        app.server(server);
    }

    public void routing(HttpRouting.Builder routing) {
        app.routing(routing);
    }

    public App app() {
        return app;
    }

    public Config config() {
        return config;
    }
}
