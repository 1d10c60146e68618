package fluxor.enterprise;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database per test class: an in-memory H2 database, or a new schema on the PostgreSQL server
 * named by {@code fluxor.test.postgres.url}. With {@code -Dfluxor.test.postgres=require} (CI) a missing
 * PostgreSQL fails the test; with {@code auto} it skips it.
 */
public final class TestDatabases {
    private TestDatabases() {}

    public enum Kind {
        H2,
        POSTGRES
    }

    /** Config overrides ({@code db.*}) for a fresh database of this kind. */
    public static Map<String, String> fresh(Kind kind) {
        return kind == Kind.H2 ? h2() : postgres();
    }

    public static Map<String, String> h2() {
        String name = "t" + UUID.randomUUID().toString().replace("-", "");
        return Map.of(
                "db.url",
                "jdbc:h2:mem:" + name
                        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "db.user",
                "sa",
                "db.password",
                "");
    }

    public static Map<String, String> postgres() {
        String base = System.getProperty("fluxor.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("fluxor.test.postgres.user", "postgres");
        String password = System.getProperty("fluxor.test.postgres.password", "");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(base, user, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("require".equals(System.getProperty("fluxor.test.postgres", "auto"))) {
                throw new IllegalStateException("PostgreSQL is required for this run but not reachable at " + base, e);
            }
            Assumptions.abort("PostgreSQL not reachable at " + base + " (set -Dfluxor.test.postgres=require to fail)");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(base, user, password, schema)));
        String separator = base.contains("?") ? "&" : "?";
        return Map.of("db.url", base + separator + "currentSchema=" + schema, "db.user", user, "db.password", password);
    }

    private static void dropSchema(String url, String user, String password, String schema) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // best effort: the next run uses a new schema anyway
        }
    }
}
