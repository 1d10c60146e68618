package fluxor.enterprise.account;

import static fluxor.enterprise.users.UserRepository.ts;

import fluxor.enterprise.http.AppException;
import io.helidon.dbclient.DbExecute;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * All SQL about one-time tokens. A token is 32 random bytes in URL-safe base64 without padding; only its SHA-256
 * is stored. Issuing one supersedes the user's older unused tokens of that kind; spending one is a conditional
 * UPDATE (unused, not superseded, not expired), so of two concurrent uses exactly one wins.
 */
final class OneTimeTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token that was just spent: whose it was, which kind, and the address its link was sent to. */
    record Spent(UUID userId, TokenKind kind, String email) {}

    /** Stores a new token in {@code tx} and returns the token itself (to put in a link, never to store). */
    String issue(DbExecute tx, UUID userId, TokenKind kind, String email, Instant now) {
        tx.update(
                "UPDATE account_tokens SET superseded_at = ? WHERE user_id = CAST(? AS UUID) AND kind = ? "
                        + "AND used_at IS NULL AND superseded_at IS NULL",
                ts(now),
                userId,
                kind.name());
        String token = randomToken();
        tx.insert(
                "INSERT INTO account_tokens (token_hash, user_id, kind, email, created_at, expires_at) "
                        + "VALUES (?, CAST(? AS UUID), ?, ?, ?, ?)",
                hash(token),
                userId,
                kind.name(),
                email,
                ts(now),
                ts(now.plus(kind.ttl())));
        return token;
    }

    /**
     * Spends the token in {@code tx} if it is of kind {@code kind} or {@code orKind} and still good; empty in every
     * other case (unknown, used, superseded, expired, another kind), which callers answer alike.
     */
    Optional<Spent> spend(DbExecute tx, String token, TokenKind kind, TokenKind orKind, Instant now) {
        String hash = hash(token);
        long won = tx.update(
                "UPDATE account_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL "
                        + "AND superseded_at IS NULL AND expires_at > ? AND kind IN (?, ?)",
                ts(now),
                hash,
                ts(now),
                kind.name(),
                orKind.name());
        if (won != 1) {
            return Optional.empty();
        }
        return tx.get("SELECT user_id, kind, email FROM account_tokens WHERE token_hash = ?", hash)
                .map(r -> new Spent(
                        r.column("user_id").get(UUID.class),
                        TokenKind.valueOf(r.column("kind").get(String.class)),
                        r.column("email").get(String.class)));
    }

    /** The one answer for every token that cannot be spent, so the answer tells nothing about why. */
    static AppException.Validation invalid() {
        return new AppException.Validation("token", "is invalid, expired or already used");
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
