package fluxor.enterprise.http;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.helidon.config.Config;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Buckets in PostgreSQL (table {@code rate_limit_buckets}, migration V100), so every instance on the same database
 * shares one limit per client. Rows expire once their bucket would be full again; a sweeper deletes them.
 * Uses a small pool of its own: the DbClient does not expose its DataSource. Proxies are cached per client and
 * optimized (see {@link RateLimitBuckets#optimization}), so most requests do not pay a transaction.
 */
final class PostgresBuckets implements RateLimitBuckets {
    private static final System.Logger LOGGER = System.getLogger(PostgresBuckets.class.getName());

    private final HikariDataSource dataSource;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final SharedBuckets shared;
    private final ScheduledExecutorService sweeper;
    private final ScheduledFuture<?> sweeping;

    private PostgresBuckets(HikariDataSource dataSource, Config config) {
        this.dataSource = dataSource;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(5)))
                .build();
        this.shared = new SharedBuckets(config, () -> buckets, "");
        Duration sweepEvery = config.get("rate.limit.period").as(Duration.class).orElse(Duration.ofMinutes(1));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("rate-limit-sweeper").factory());
        long millis = Math.max(1000, sweepEvery.toMillis());
        // The periodic task lives until close() cancels it (and shuts the executor down).
        this.sweeping = sweeper.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
    }

    static PostgresBuckets create(Config config) {
        String url = config.get("db.url").asString().orElse("");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("rate.limit.backend (RATE_LIMIT_BACKEND) is postgres but db.url "
                    + "(DB_URL) is not a PostgreSQL URL");
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(config.get("db.user").asString().orElse(""));
        hikari.setPassword(config.get("db.password").asString().orElse(""));
        hikari.setMaximumPoolSize(config.get("rate.limit.pool.max").asInt().orElse(5));
        hikari.setPoolName("fluxor-rate-limit");
        hikari.setInitializationFailTimeout(-1);
        hikari.setConnectionTimeout(1000);
        hikari.setValidationTimeout(1000);
        return new PostgresBuckets(new HikariDataSource(hikari), config);
    }

    @Override
    public ConsumptionProbe consume(String key, RateLimit.Limit limit) {
        return shared.consume(key, limit);
    }

    private void sweep() {
        try {
            int removed;
            do {
                removed = buckets.removeExpired(1000);
            } while (removed == 1000);
        } catch (RuntimeException e) {
            LOGGER.log(Level.DEBUG, "rate limit sweep failed", e);
        }
    }

    @Override
    public void close() {
        sweeping.cancel(false);
        sweeper.shutdownNow();
        dataSource.close();
    }
}
