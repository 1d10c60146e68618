package fluxor.enterprise.account;

import static fluxor.enterprise.account.AccountMetrics.Flow.PASSWORD_RESET;

import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.PasswordPolicy;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
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

    private final Flow flow;
    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;

    PasswordReset(Flow flow, UserRepository users, RefreshTokenRepository refreshTokens, PasswordHasher hasher) {
        this.flow = flow;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
    }

    void request(String email, String ip) {
        String address = Addresses.valid("email", email);
        String subject = OneTimeTokens.hash(User.emailKey(address));
        Instant now = flow.clock().instant();
        try {
            flow.limits()
                    .check(
                            REQUEST,
                            subject,
                            flow.settings().resetsPerAddress(),
                            ip,
                            flow.settings().resetsPerIp(),
                            now);
        } catch (AppException.RetryLater e) {
            flow.metrics().failed(PASSWORD_RESET);
            Audit.log("password_reset.rate_limited", "email_hash", subject.substring(0, 16), "ip", ip);
            throw e;
        }
        String payload = Jsons.object().add("email", address).build().toString();
        flow.store().inTransaction(tx -> {
            flow.store().recordRequest(tx, REQUEST, subject, ip, now);
            return flow.outbox().append(tx, AccountMailer.RESET_PASSWORD, payload, now);
        });
        flow.wake().run();
        flow.metrics().requested(PASSWORD_RESET);
        Audit.log("password_reset.requested", "email_hash", subject.substring(0, 16), "ip", ip);
    }

    void confirm(String token, String newPassword) {
        PasswordPolicy.problem(newPassword).ifPresent(p -> {
            throw new AppException.Validation("new_password", p);
        });
        // Hashed before the token is looked at: an invalid token costs as much time as a valid one.
        String hash = hasher.hash(newPassword);
        Instant now = flow.clock().instant();
        UUID userId;
        try {
            userId = flow.store().inTransaction(tx -> {
                OneTimeTokens.Spent s = flow.tokens()
                        .spend(tx, token, TokenKind.RESET_PASSWORD, TokenKind.RESET_PASSWORD, now)
                        .orElseThrow(OneTimeTokens::invalid);
                if (users.findById(s.userId()).filter(u -> !u.disabled()).isEmpty()) {
                    throw OneTimeTokens.invalid(); // disabled since the link was sent
                }
                flow.store().resetPassword(tx, s.userId(), hash, now);
                refreshTokens.endAllSessions(tx, s.userId(), now);
                flow.outbox()
                        .append(tx, AccountMailer.PASSWORD_CHANGED, EmailVerification.userPayload(s.userId()), now);
                return s.userId();
            });
        } catch (AppException e) {
            flow.metrics().failed(PASSWORD_RESET);
            Audit.log("password_reset.failed", "reason", e.type());
            throw e;
        }
        flow.wake().run();
        flow.metrics().completed(PASSWORD_RESET);
        Audit.log("user.password_reset", "user_id", userId.toString());
    }
}
