package fluxor.enterprise.webhooks;

import fluxor.enterprise.events.Backoff;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code webhooks.*}: the endpoints ({@code webhooks.endpoints[]: {name, url, secret, events}}, plus one from
 * {@code WEBHOOK_URL}, {@code WEBHOOK_SECRET}, {@code WEBHOOK_EVENTS}, named {@code default}) and how deliveries
 * are tried.
 *
 * @param connectTimeout TCP/TLS connect limit per attempt ({@code webhooks.connect-timeout})
 * @param readTimeout    limit for the response headers after the request was sent ({@code webhooks.read-timeout})
 * @param maxAttempts    attempts before a delivery is marked failed and kept ({@code webhooks.max-attempts})
 * @param maxInFlight    concurrent attempts per endpoint; a slow endpoint uses up only its own
 *                       ({@code webhooks.max-in-flight})
 * @param pollInterval   how often due deliveries are looked for when nothing woke the worker
 */
record WebhookSettings(
        List<WebhookEndpoint> endpoints,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        int maxInFlight,
        Duration pollInterval,
        Backoff backoff,
        Duration stopTimeout) {
    WebhookSettings {
        endpoints = List.copyOf(endpoints);
        if (maxAttempts < 1 || maxInFlight < 1) {
            throw new IllegalStateException("webhooks.max-attempts and webhooks.max-in-flight must be at least 1");
        }
    }

    /** A claim outlives any attempt it covers: connect plus read, with room to record the outcome. */
    Duration lease() {
        return connectTimeout.plus(readTimeout).multipliedBy(2).plusSeconds(30);
    }

    static WebhookSettings from(Config config) {
        Config c = config.get("webhooks");
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        List<Config> nodes = c.get("endpoints").asNodeList().orElse(List.of());
        for (int i = 0; i < nodes.size(); i++) {
            Config node = nodes.get(i);
            endpoints.add(WebhookEndpoint.parse(
                    node.get("name").asString().orElse("endpoint-" + i),
                    node.get("url").asString().orElse(""),
                    node.get("secret").asString().orElse(""),
                    node.get("events").asString().orElse("*")));
        }
        Config single = config.get("webhook");
        String url = single.get("url").asString().orElse("");
        if (!url.isBlank()) {
            endpoints.add(WebhookEndpoint.parse(
                    "default",
                    url,
                    single.get("secret").asString().orElse(""),
                    single.get("events").asString().orElse("*")));
        }
        Set<String> names = new HashSet<>();
        for (WebhookEndpoint e : endpoints) {
            if (!names.add(e.name())) {
                throw new IllegalStateException("webhooks: two endpoints are named '" + e.name() + "'");
            }
        }
        return new WebhookSettings(
                endpoints,
                duration(c, "connect-timeout", Duration.ofSeconds(5)),
                duration(c, "read-timeout", Duration.ofSeconds(15)),
                c.get("max-attempts").asInt().orElse(10),
                c.get("max-in-flight").asInt().orElse(4),
                duration(c, "poll-interval", Duration.ofSeconds(1)),
                new Backoff(
                        duration(c, "backoff.initial", Duration.ofSeconds(5)),
                        duration(c, "backoff.max", Duration.ofHours(6))),
                duration(c, "stop-timeout", Duration.ofSeconds(10)));
    }

    private static Duration duration(Config c, String key, Duration fallback) {
        return c.get(key).as(Duration.class).orElse(fallback);
    }
}
