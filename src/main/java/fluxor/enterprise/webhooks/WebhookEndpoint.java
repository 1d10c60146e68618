package fluxor.enterprise.webhooks;

import fluxor.enterprise.events.DomainEvents;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * One receiver: where deliveries go, the keys they are signed with (several during a rotation: one signature
 * each), and which event types it gets (empty set = all). {@code name} labels metrics, logs and delivery rows; the
 * URL never appears there, since it may carry credentials.
 */
record WebhookEndpoint(String name, URI url, List<SecretKeySpec> keys, Set<String> events) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final String PREFIX = "whsec_";

    WebhookEndpoint {
        keys = List.copyOf(keys);
        events = Set.copyOf(events);
    }

    boolean accepts(String type) {
        return events.isEmpty() || events.contains(type);
    }

    /**
     * Checks what the operator wrote; every message names the endpoint and the setting, never a secret's value.
     *
     * @param secrets {@code whsec_<base64>} values separated by spaces or commas
     * @param events  {@code *} or event types separated by commas
     */
    static WebhookEndpoint parse(String name, String url, String secrets, String events) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("webhooks: endpoint name '" + name + "' must match " + NAME.pattern());
        }
        String where = "webhooks endpoint '" + name + "': ";
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + "url is not a valid URI", e);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException(where + "url must be an absolute http:// or https:// URL");
        }
        List<SecretKeySpec> keys = new ArrayList<>();
        for (String secret : secrets.strip().split("[\\s,]+", -1)) {
            if (!secret.isEmpty()) {
                keys.add(key(where, secret));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException(where + "secret is required (whsec_ followed by base64)");
        }
        Set<String> types = new LinkedHashSet<>();
        String list = events == null ? "" : events.strip();
        if (!list.isEmpty() && !list.equals("*")) {
            for (String type : list.split("\\s*,\\s*", -1)) {
                if (!DomainEvents.ALL.contains(type)) {
                    throw new IllegalStateException(
                            where + "unknown event type '" + type + "'; known: " + String.join(", ", DomainEvents.ALL));
                }
                types.add(type);
            }
        }
        return new WebhookEndpoint(name, uri, keys, types);
    }

    // Standard Webhooks: the secret is shown as whsec_ + base64; the HMAC key is the decoded bytes (24 to 64).
    private static SecretKeySpec key(String where, String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalStateException(where + "each secret must start with " + PREFIX);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + "a secret is not valid base64 after " + PREFIX, e);
        }
        if (bytes.length < 24 || bytes.length > 64) {
            throw new IllegalStateException(where + "a secret must decode to 24 to 64 bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
