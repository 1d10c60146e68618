package fluxor.enterprise.http;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.helidon.config.Config;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Buckets in Redis ({@code redis.url}: {@code redis://} or {@code rediss://}, password in the URL or
 * {@code redis.password}), shared by every instance on that Redis, through Bucket4j's compare-and-swap Lettuce
 * integration. Keys are {@code redis.key.prefix} + client key and expire once their bucket would be full again.
 * Connects on first use, so the service starts while Redis is down; afterwards Lettuce reconnects by itself, and
 * while it is disconnected commands fail at once (the limiter then fails open) instead of queueing.
 */
final class RedisBuckets implements RateLimitBuckets {
    private static final System.Logger LOGGER = System.getLogger(RedisBuckets.class.getName());
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    // Generous: the first connect also loads and starts Netty, which takes seconds on a cold, busy JVM.
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final RedisClient client;
    private final SharedBuckets shared;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile LettuceBasedProxyManager<String> manager;

    private RedisBuckets(RedisClient client, String prefix, Config config) {
        this.client = client;
        this.shared = new SharedBuckets(config, this::manager, prefix);
    }

    static RedisBuckets create(Config config) {
        String url = config.get("redis.url").asString().orElse("redis://127.0.0.1:6379");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("redis.url (REDIS_URL) must start with redis:// or rediss://");
        }
        RedisURI.Builder uri = RedisURI.builder(RedisURI.create(url)).withTimeout(CONNECT_TIMEOUT);
        config.get("redis.password").asString().filter(p -> !p.isBlank()).ifPresent(uri::withPassword);
        RedisClient client = RedisClient.create(uri.build());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(
                        SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
        RedisBuckets buckets = new RedisBuckets(
                client, config.get("redis.key.prefix").asString().orElse("fluxor:rate-limit:"), config);
        buckets.connectInBackground();
        return buckets;
    }

    /** Connects now, off the request path, so the first request does not pay for it; a failure is retried on use. */
    private void connectInBackground() {
        Thread.ofVirtual().name("redis-connect").start(() -> {
            try {
                manager();
            } catch (RuntimeException e) {
                LOGGER.log(
                        Level.INFO,
                        "Redis not reachable at start-up; connecting again on first use: " + e.getMessage());
            }
        });
    }

    @Override
    public ConsumptionProbe consume(String key, RateLimit.Limit limit) {
        return shared.consume(key, limit);
    }

    /** The proxy manager on the one shared connection, connecting first if need be (throws while Redis is down). */
    private ProxyManager<String> manager() {
        LettuceBasedProxyManager<String> current = manager;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (manager == null) {
                connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                manager = Bucket4jLettuce.casBasedBuilder(connection)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                Duration.ofSeconds(5)))
                        .requestTimeout(TIMEOUT)
                        .build();
            }
            return manager;
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open != null) {
            open.close();
        }
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
