package fluxor.enterprise.account;

import io.helidon.config.Config;
import java.net.URI;
import java.util.Optional;

/**
 * {@code app.public-url} (APP_PUBLIC_URL), {@code auth.require-verified-email} (AUTH_REQUIRE_VERIFIED_EMAIL) and the
 * per-hour limits under {@code account.*}. Helidon maps APP_PUBLIC_URL to {@code app.public.url} and needs
 * {@code _dash_} for a dash, so each dashed key is also read in its dotted form: both spellings of the variable work.
 */
record AccountSettings(
        String publicUrl, boolean requireVerifiedEmail, int resetsPerAddress, int resetsPerIp, int resendsPerUser) {

    static AccountSettings from(Config config) {
        String url = either(config, "app.public-url", "app.public.url")
                .map(c -> c.asString().orElse("").trim())
                .filter(s -> !s.isEmpty())
                .orElse("http://localhost:8080");
        URI uri = URI.create(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException("app.public-url (APP_PUBLIC_URL) must be an http(s) URL, not " + url);
        }
        boolean require = either(config, "auth.require-verified-email", "auth.require.verified.email")
                .map(c -> c.asBoolean().orElse(false))
                .orElse(false);
        return new AccountSettings(
                url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
                require,
                config.get("account.reset.per.address").asInt().orElse(5),
                config.get("account.reset.per.ip").asInt().orElse(20),
                config.get("account.verification.per.user").asInt().orElse(3));
    }

    private static Optional<Config> either(Config config, String key, String alias) {
        Config first = config.get(key);
        if (first.exists()) {
            return Optional.of(first);
        }
        Config second = config.get(alias);
        return second.exists() ? Optional.of(second) : Optional.empty();
    }
}
