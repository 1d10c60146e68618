package fluxor.enterprise.account;

import java.time.Duration;

/** The one-time token kinds: how long each lives and which page of the front end its link opens. */
enum TokenKind {
    VERIFY_EMAIL(Duration.ofHours(24), "verify-email"),
    CHANGE_EMAIL(Duration.ofHours(24), "verify-email"),
    RESET_PASSWORD(Duration.ofHours(1), "reset-password"),
    UNLOCK(Duration.ofHours(1), "unlock");

    private final Duration ttl;
    private final String action;

    TokenKind(Duration ttl, String action) {
        this.ttl = ttl;
        this.action = action;
    }

    Duration ttl() {
        return ttl;
    }

    /** The path segment of the link: {@code {app.public-url}/<action>?token=...}. */
    String action() {
        return action;
    }
}
