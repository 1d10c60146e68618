package fluxor.enterprise.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    /** Config as the service builds it: environment variables (Helidon's mapping) over application.yaml. */
    private static Config withEnvironment(Map<String, String> env) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(EnvironmentVariables.expand(env)))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }

    @Test
    void yamlDefaultsAreSafeForDevelopment() {
        Config config = withEnvironment(Map.of());
        Settings settings = Settings.from(config);
        assertThat(settings.env(), is("development"));
        assertThat(settings.logFormat(), is("json"));
        assertThat(config.get("server.port").asInt().get(), is(8080));
        assertThat(config.get("max.concurrent.requests").asInt().get(), is(3350));
        assertThat(config.get("db.connection.url").asString().get(), startsWith("jdbc:h2:file:./data/fluxor"));
    }

    @Test
    void environmentVariablesOverrideYaml() {
        Config config = withEnvironment(Map.of(
                "SERVER_PORT", "9191",
                "SERVER_HOST", "127.0.0.1",
                "APP_ENV", "production",
                "LOG_LEVEL", "DEBUG",
                "LOG_FORMAT", "text",
                "MAX_CONCURRENT_REQUESTS", "7",
                "DB_URL", "jdbc:postgresql://db:5432/fluxor",
                "DB_POOL_MAX", "5"));
        Settings settings = Settings.from(config);
        assertThat(config.get("server.port").asInt().get(), is(9191));
        assertThat(config.get("server.host").asString().get(), is("127.0.0.1"));
        assertThat(settings.production(), is(true));
        assertThat(settings.logLevel(), is("DEBUG"));
        assertThat(settings.logFormat(), is("text"));
        assertThat(config.get("max.concurrent.requests").asInt().get(), is(7));
        // the pool reads db.connection.*, which refers to the operator-facing keys
        assertThat(config.get("db.connection.url").asString().get(), is("jdbc:postgresql://db:5432/fluxor"));
        assertThat(config.get("db.connection.maximumPoolSize").asInt().get(), is(5));
    }

    @Test
    void dataDirMovesTheEmbeddedDatabase() {
        Config config = withEnvironment(Map.of("DATA_DIR", "/var/lib/fluxor"));
        assertThat(
                config.get("db.connection.url").asString().get(), startsWith("jdbc:h2:file:/var/lib/fluxor/fluxor;"));
    }

    @Test
    void productionRefusesEveryDevelopmentDefault() {
        assertThat(Settings.productionProblems(withEnvironment(Map.of("CORS_ALLOWED_ORIGINS", "*"))), hasSize(4));
    }

    @Test
    void productionAcceptsAProperConfiguration() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", "jdbc:postgresql://db:5432/fluxor");
        env.put("JWT_SIGNING_KEY_FILE", "/etc/fluxor/jwks.json");
        env.put("SEED_DATA", "false");
        env.put("CORS_ALLOWED_ORIGINS", "https://app.example.com");
        assertThat(Settings.productionProblems(withEnvironment(env)), empty());
    }

    @Test
    void productionProblemNamesTheSetting() {
        Map<String, String> env = Map.of("DB_URL", "jdbc:postgresql://db:5432/fluxor", "SEED_DATA", "false");
        assertThat(
                Settings.productionProblems(withEnvironment(env)),
                contains(startsWith("jwt.signing.key.file (JWT_SIGNING_KEY_FILE) is not set")));
    }

    @Test
    void onlyKnownEnvironmentsAreValid() {
        assertThat(Settings.isValidEnv("production"), is(true));
        assertThat(Settings.isValidEnv("prod"), is(false));
        assertThat(Settings.productionProblems(withEnvironment(Map.of())), hasItem(startsWith("db.url (DB_URL)")));
    }
}
