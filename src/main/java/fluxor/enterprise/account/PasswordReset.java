package fluxor.enterprise.account;

import static fluxor.enterprise.account.AccountMetrics.Flow.PASSWORD_RESET;

import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.PasswordPolicy;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import jakarta.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A forgotten password. The request never looks the address up: it checks the limits, records the request and
 * writes a {@code mail.reset_password} outbox row for every well-formed address, and the outbox subscriber decides
 * whether an account gets an email. So both cases run the same statements and answer the same, in the same time.
 * The confirmation sets the new hash, spends the token, ends every session and writes {@code user.password_changed}
 * (whose subscriber sends the notice) in one transaction.
 */
final class PasswordReset {
    private static final String REQUEST = "reset";

    private final AccountStore store;
    private final OneTimeTokens tokens;
    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final Outbox outbox;
    private final Limits limits;
    private final AccountSettings settings;
    private final AccountMetrics metrics;
    private final Clock clock;
    private final Runnable wake;

    PasswordReset(
            AccountStore store,
            OneTimeTokens tokens,
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            Outbox outbox,
            Limits limits,
            AccountSettings settings,
            AccountMetrics metrics,
            Clock clock,
            Runnable wake) {
        this.store = store;
        this.tokens = tokens;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.outbox = outbox;
        this.limits = limits;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.wake = wake;
    }

    void request(String email, String ip) {
        String address = Addresses.valid("email", email);
        String subject = OneTimeTokens.hash(User.emailKey(address));
        Instant now = clock.instant();
        try {
            limits.check(REQUEST, subject, settings.resetsPerAddress(), ip, settings.resetsPerIp(), now);
        } catch (AppException.RetryLater e) {
            metrics.failed(PASSWORD_RESET);
            Audit.log("password_reset.rate_limited", "email_hash", subject.substring(0, 16), "ip", ip);
            throw e;
        }
        String payload =
                Json.createObjectBuilder().add("email", address).build().toString();
        store.inTransaction(tx -> {
            store.recordRequest(tx, REQUEST, subject, ip, now);
            return outbox.append(tx, AccountMailer.RESET_PASSWORD, payload, now);
        });
        wake.run();
        metrics.requested(PASSWORD_RESET);
        Audit.log("password_reset.requested", "email_hash", subject.substring(0, 16), "ip", ip);
    }

    void confirm(String token, String newPassword) {
        PasswordPolicy.problem(newPassword).ifPresent(p -> {
            throw new AppException.Validation("new_password", p);
        });
        // Hashed before the token is looked at: an invalid token costs as much time as a valid one.
        String hash = hasher.hash(newPassword);
        Instant now = clock.instant();
        UUID userId;
        try {
            userId = store.inTransaction(tx -> {
                OneTimeTokens.Spent s = tokens.spend(tx, token, TokenKind.RESET_PASSWORD, TokenKind.RESET_PASSWORD, now)
                        .orElseThrow(OneTimeTokens::invalid);
                if (users.findById(s.userId()).filter(u -> !u.disabled()).isEmpty()) {
                    throw OneTimeTokens.invalid(); // disabled since the link was sent
                }
                store.resetPassword(tx, s.userId(), hash, now);
                refreshTokens.endAllSessions(tx, s.userId(), now);
                outbox.append(tx, AccountMailer.PASSWORD_CHANGED, EmailVerification.userPayload(s.userId()), now);
                return s.userId();
            });
        } catch (AppException e) {
            metrics.failed(PASSWORD_RESET);
            Audit.log("password_reset.failed", "reason", e.type());
            throw e;
        }
        wake.run();
        metrics.completed(PASSWORD_RESET);
        Audit.log("user.password_reset", "user_id", userId.toString());
    }
}
