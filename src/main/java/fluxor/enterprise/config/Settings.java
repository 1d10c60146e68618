package fluxor.enterprise.config;

import io.helidon.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings the composition root needs, read once from Helidon config (application.yaml, an external file,
 * system properties and environment variables, in Helidon's order). Feature settings live with their feature.
 */
public record Settings(String env, String logLevel, String logFormat, Duration drainDelay, boolean hsts) {

    public static Settings from(Config config) {
        return new Settings(
                config.get("app.env").asString().orElse("development").trim().toLowerCase(java.util.Locale.ROOT),
                config.get("log.level").asString().orElse("INFO"),
                config.get("log.format").asString().orElse("json"),
                config.get("app.shutdown.drain-delay").as(Duration.class).orElse(Duration.ZERO),
                config.get("app.security.hsts").asBoolean().orElse(false)
                        || config.get("tls.keystore")
                                .asString()
                                .filter(s -> !s.isBlank())
                                .isPresent());
    }

    public boolean production() {
        return "production".equals(env);
    }

    /**
     * What makes this configuration unfit for production, one line each; empty when fine. Development defaults
     * (embedded H2, ephemeral signing key, seed data, wildcard CORS) are refused with {@code app.env: production}.
     */
    public static List<String> productionProblems(Config config) {
        List<String> problems = new ArrayList<>();
        String url = config.get("db.url").asString().orElse("");
        if (url.startsWith("jdbc:h2:")) {
            problems.add("db.url (DB_URL) points at the embedded H2 database; production needs PostgreSQL");
        }
        if (config.get("jwt.signing.key.file")
                .asString()
                .filter(s -> !s.isBlank())
                .isEmpty()) {
            problems.add("jwt.signing.key.file (JWT_SIGNING_KEY_FILE) is not set; production needs a persistent "
                    + "signing key (create one with: fluxor-enterprise keygen > keys.json)");
        }
        if (config.get("seed.data").asBoolean().orElse(false)) {
            problems.add("seed.data (SEED_DATA) is true; demo users must never exist in production");
        }
        if (config.get("cors.allowed.origins").asString().orElse("").contains("*")) {
            problems.add("cors.allowed.origins (CORS_ALLOWED_ORIGINS) contains a wildcard; list exact origins");
        }
        return problems;
    }

    public static boolean isValidEnv(String env) {
        return "development".equals(env) || "production".equals(env);
    }
}
