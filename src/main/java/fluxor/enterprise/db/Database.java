package fluxor.enterprise.db;

import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import java.lang.System.Logger.Level;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The pooled database (Helidon DbClient over Hikari) and its schema (Flyway). Flyway needs its own
 * connection because the DbClient does not expose its DataSource.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Database.class.getName());

    private final DbClient client;
    private final Flyway flyway;
    private final String product;

    private Database(DbClient client, Flyway flyway, String product) {
        this.client = client;
        this.flyway = flyway;
        this.product = product;
    }

    /** Reads {@code db.*}: {@code url}, {@code user}, {@code password}, pool settings under {@code connection}. */
    public static Database create(Config config) {
        Config db = config.get("db");
        String url = db.get("url").asString().get();
        String user = db.get("user").asString().orElse("");
        String password = db.get("password").asString().orElse("");
        Flyway flyway = Flyway.configure(Database.class.getClassLoader())
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .connectRetries(db.get("connect-retries").asInt().orElse(0))
                // V2 (outbox) landed after V100 (rate-limit buckets): databases already at V100 must still apply
                // it instead of failing validation with "resolved migration not applied". Migrations here are
                // independent of each other's order beyond what their numbers already guarantee on a fresh one.
                .outOfOrder(true)
                .load();
        return new Database(DbClient.create(db), flyway, url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2");
    }

    /** Applies pending migrations; returns how many ran. */
    public int migrate() {
        MigrateResult result = flyway.migrate();
        LOGGER.log(
                Level.INFO,
                "database schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                        + " migrations applied now)");
        return result.migrationsExecuted;
    }

    /** True when every migration on the classpath has been applied (readiness). */
    public boolean migrated() {
        return flyway.info().pending().length == 0;
    }

    public DbClient client() {
        return client;
    }

    public boolean isPostgres() {
        return "postgresql".equals(product);
    }

    @Override
    public void close() {
        client.close();
    }
}
