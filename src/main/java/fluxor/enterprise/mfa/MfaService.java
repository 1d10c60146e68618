package fluxor.enterprise.mfa;

import fluxor.enterprise.auth.Caller;
import fluxor.enterprise.auth.LoginClient;
import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The rules of a user's own two-factor settings (enrol, confirm, new recovery codes, turn off) and the admin reset.
 * Turning it on or off ends the user's other sessions in the same transaction.
 */
final class MfaService {
    static final String WRONG_CODE = "is wrong or was already used";
    private static final int SECRET_BYTES = 20; // 160 bits, RFC 4226's recommendation for HMAC-SHA-1
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What enrolment shows once: the base32 secret and the otpauth URI a QR code is made of. */
    record Enrolment(String secret, String otpauthUri) {}

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final RefreshTokenRepository refreshTokens;
    private final MfaRepository repository;
    private final SecretCipher cipher;
    private final SecondFactors factors;
    private final Outbox outbox;
    private final Clock clock;
    private final MfaMetrics metrics;
    private final String issuer;
    private final Runnable onOutboxWritten;

    MfaService(
            UserRepository users,
            PasswordHasher hasher,
            RefreshTokenRepository refreshTokens,
            MfaRepository repository,
            SecretCipher cipher,
            SecondFactors factors,
            Outbox outbox,
            Clock clock,
            MfaMetrics metrics,
            String issuer,
            Runnable onOutboxWritten) {
        this.users = users;
        this.hasher = hasher;
        this.refreshTokens = refreshTokens;
        this.repository = repository;
        this.cipher = cipher;
        this.factors = factors;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
        this.issuer = issuer;
        this.onOutboxWritten = onOutboxWritten;
    }

    Enrolment enrol(Caller caller, String currentPassword) {
        User user = me(caller);
        requireEnabled(user, false);
        if (cipher == null) {
            throw AppException.RetryLater.unavailable(
                    "Two-factor login is not available: this server has no encryption key for it.",
                    Duration.ofHours(1));
        }
        requirePassword(user, currentPassword);
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String sealed = cipher.seal(user.id(), secret);
        Instant now = clock.instant();
        repository.inTransaction(tx -> {
            if (repository.lockUser(tx, user.id())) {
                throw alreadyEnabled();
            }
            repository.replaceSecret(tx, user.id(), sealed, now);
            return null;
        });
        Audit.log("mfa.enrolment_started", "user_id", user.id().toString());
        String base32 = Base32.encode(secret);
        return new Enrolment(base32, otpauthUri(issuer, user.email(), base32));
    }

    /** The first valid code turns two-factor login on and hands out the recovery codes, once. */
    List<String> confirm(Caller caller, String code, LoginClient client) {
        User user = me(caller);
        requireEnabled(user, false);
        if (repository.secret(user.id()).isEmpty()) {
            throw new AppException.Conflict(
                    "No two-factor enrolment is pending; start one with POST /api/v1/users/me/mfa/totp.");
        }
        List<String> codes = RecoveryCodes.generate();
        Instant now = clock.instant();
        Long revoked = repository.inTransaction(tx -> {
            if (!factors.verifyTotp(tx, user.id(), code, now)) {
                return null;
            }
            if (!repository.setEnabled(tx, user.id(), true, now)) {
                throw alreadyEnabled();
            }
            repository.replaceRecoveryCodes(tx, user.id(), RecoveryCodes.hashes(codes), now);
            return refreshTokens.endOtherSessions(tx, user.id(), caller.sessionId(), now);
        });
        checked(revoked != null, user, client, new SecondFactors.Factor.TotpCode(code), "confirm", "code");
        Audit.log("mfa.enabled", "user_id", user.id().toString(), "revoked_refresh_tokens", String.valueOf(revoked));
        metrics.enrolled();
        return codes;
    }

    /** A new set of recovery codes for a valid TOTP code; the old set stops working in the same transaction. */
    List<String> regenerateRecoveryCodes(Caller caller, String code, LoginClient client) {
        User user = me(caller);
        requireEnabled(user, true);
        List<String> codes = RecoveryCodes.generate();
        Instant now = clock.instant();
        boolean verified = repository.inTransaction(tx -> {
            if (!factors.verifyTotp(tx, user.id(), code, now)) {
                return false;
            }
            repository.replaceRecoveryCodes(tx, user.id(), RecoveryCodes.hashes(codes), now);
            return true;
        });
        checked(verified, user, client, new SecondFactors.Factor.TotpCode(code), "recovery_codes", "code");
        Audit.log("mfa.recovery_codes_regenerated", "user_id", user.id().toString());
        return codes;
    }

    /** Off, with the password and a second factor (TOTP or recovery code); other sessions end. */
    void disable(Caller caller, String currentPassword, SecondFactors.Factor factor, LoginClient client) {
        User user = me(caller);
        requireEnabled(user, true);
        requirePassword(user, currentPassword);
        Instant now = clock.instant();
        Long revoked = repository.inTransaction(tx -> {
            if (!factors.verify(tx, user.id(), factor, now)) {
                return null;
            }
            if (!repository.setEnabled(tx, user.id(), false, now)) {
                throw notEnabled();
            }
            repository.forget(tx, user.id());
            return refreshTokens.endOtherSessions(tx, user.id(), caller.sessionId(), now);
        });
        checked(revoked != null, user, client, factor, "disable", "code");
        Audit.log(
                "mfa.disabled",
                "user_id",
                user.id().toString(),
                "factor",
                factor.name(),
                "revoked_refresh_tokens",
                String.valueOf(revoked));
        metrics.disabled();
    }

    /**
     * An administrator turns a user's two-factor login off (a lost phone and no recovery codes): secret, codes and
     * pending mfa tokens go, every session of the user ends, and the user gets a notice email through the outbox.
     */
    void adminReset(Caller admin, UUID id) {
        Instant now = clock.instant();
        boolean changed = repository.inTransaction(tx -> {
            boolean wasEnabled = repository.lockUser(tx, id);
            long rows = repository.forget(tx, id);
            if (!wasEnabled && rows == 0) {
                return false;
            }
            if (wasEnabled) {
                repository.setEnabled(tx, id, false, now);
            }
            refreshTokens.endAllSessions(tx, id, now);
            User user = users.findById(id).orElseThrow(() -> new AppException.NotFound("No user with this id."));
            outbox.append(tx, MfaResetNotice.EVENT, MfaResetNotice.payload(user).toString(), now);
            return true;
        });
        Audit.log(
                "mfa.admin_reset",
                "actor_id",
                admin.id().toString(),
                "target_user_id",
                id.toString(),
                "changed",
                Boolean.toString(changed));
        if (changed) {
            metrics.reset();
            onOutboxWritten.run();
        }
    }

    private void checked(
            boolean passed, User user, LoginClient client, SecondFactors.Factor factor, String during, String field) {
        if (!passed) {
            factors.onWrongSecondFactor(user, client, factor, during);
            throw new AppException.Validation(field, WRONG_CODE);
        }
        metrics.succeeded(during);
    }

    private User me(Caller caller) {
        return users.findById(caller.id())
                .orElseThrow(() -> new AppException.Unauthorized("The access token is missing, invalid or expired."));
    }

    private void requirePassword(User user, String currentPassword) {
        if (!hasher.check(currentPassword, user.passwordHash()).matches()) {
            throw new AppException.Unauthorized("The current password is wrong.");
        }
    }

    private static void requireEnabled(User user, boolean enabled) {
        if (user.mfaEnabled() != enabled) {
            throw enabled ? notEnabled() : alreadyEnabled();
        }
    }

    private static AppException alreadyEnabled() {
        return new AppException.Conflict("Two-factor login is already enabled.");
    }

    private static AppException notEnabled() {
        return new AppException.Conflict("Two-factor login is not enabled.");
    }

    /** Key URI format (google-authenticator wiki): label {@code Issuer:account}, each part percent-encoded. */
    static String otpauthUri(String issuer, String account, String secret) {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(account) + "?secret=" + secret + "&issuer="
                + encode(issuer) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.PERIOD_SECONDS;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
