package fluxor.enterprise.auth;

import fluxor.enterprise.http.AppException;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import fluxor.enterprise.users.UuidV7;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Login (behind {@link LoginLockout}), refresh-token rotation with reuse detection, logout. */
public final class AuthService {
    static final String BAD_CREDENTIALS = "The email or password is wrong.";
    static final String BAD_REFRESH = "The refresh token is invalid or expired.";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a correct password leads to: the token pair, or (two-factor login on) the second step's challenge. */
    public sealed interface LoginResult permits TokenPair, SecondFactorRequired {}

    /** What login and refresh return. */
    public record TokenPair(String accessToken, long expiresIn, String refreshToken) implements LoginResult {}

    /** The password was right and the user has two-factor login: no tokens yet, only this short-lived one. */
    public record SecondFactorRequired(String mfaToken, long expiresIn) implements LoginResult {}

    /** Two-factor login's first step (the mfa feature): issues the challenge for a user whose password was right. */
    @FunctionalInterface
    public interface SecondFactor {
        SecondFactorRequired challenge(User user, Instant now);
    }

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final JwtSettings settings;
    private final Clock clock;
    private final AuthMetrics metrics;
    private final LoginLockout lockout;
    private final SecondFactor secondFactor;
    private boolean requireVerifiedEmail;

    public AuthService(
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            TokenIssuer issuer,
            JwtSettings settings,
            Clock clock,
            AuthMetrics metrics,
            LoginLockout lockout,
            SecondFactor secondFactor) {
        this.secondFactor = secondFactor;
        this.metrics = metrics;
        this.lockout = lockout;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.issuer = issuer;
        this.settings = settings;
        this.clock = clock;
    }

    /** auth.require-verified-email: a correct password on an unverified address gets a 403 instead of tokens. */
    public AuthService requireVerifiedEmail(boolean required) {
        this.requireVerifiedEmail = required;
        return this;
    }

    public LoginResult login(String email, String password, LoginClient client) {
        String emailHash = LoginLockout.emailHash(email);
        String clientKey = client.address().key();
        try {
            lockout.check(email, clientKey);
        } catch (AppException.RetryLater locked) {
            metrics.loginLocked();
            throw locked;
        }
        Optional<User> found = users.findByEmail(email);
        if (found.isEmpty()) {
            hasher.burn(password);
            int failures = lockout.recordFailure(email, clientKey);
            Audit.log(
                    "login.failure",
                    "email_hash",
                    emailHash,
                    "reason",
                    "unknown_email",
                    "failures",
                    Integer.toString(failures));
            metrics.loginFailed();
            throw new AppException.Unauthorized(BAD_CREDENTIALS);
        }
        User user = found.get();
        Instant now = clock.instant();
        PasswordHasher.Check check = hasher.check(password, user.passwordHash());
        if (!check.matches()) {
            int failures = lockout.recordFailure(email, clientKey);
            Audit.log(
                    "login.failure",
                    "user_id",
                    user.id().toString(),
                    "email_hash",
                    emailHash,
                    "reason",
                    "wrong_password",
                    "failures",
                    Integer.toString(failures));
            metrics.loginFailed();
            throw new AppException.Unauthorized(BAD_CREDENTIALS);
        }
        if (user.disabled()) {
            // Same answer as a wrong password: a disabled account is not confirmed to strangers.
            Audit.log("login.failure", "user_id", user.id().toString(), "email_hash", emailHash, "reason", "disabled");
            metrics.loginFailed();
            throw new AppException.Unauthorized(BAD_CREDENTIALS);
        }
        if (requireVerifiedEmail && !user.emailVerified()) {
            Audit.log("login.failure", "user_id", user.id().toString(), "reason", "email_not_verified");
            metrics.loginFailed();
            throw new AppException.Forbidden("Verify your email address before signing in.");
        }
        if (check.rehash() != null) {
            users.replaceHash(user.id(), user.passwordHash(), check.rehash());
        }
        if (user.mfaEnabled()) {
            // The pair's failures are not cleared yet: only a passed second factor does, so wrong codes add up.
            Audit.log("login.mfa_required", "user_id", user.id().toString());
            return secondFactor.challenge(user, now);
        }
        UUID session = UuidV7.next();
        Set<String> checked =
                check.rehash() == null ? Set.of(user.passwordHash()) : Set.of(user.passwordHash(), check.rehash());
        TokenPair pair = newPair(user, session, client, now, checked).orElseThrow(() -> {
            // a password reset or change committed while this login checked the old password
            Audit.log("login.failure", "user_id", user.id().toString(), "reason", "password_changed_meanwhile");
            metrics.loginFailed();
            return new AppException.Unauthorized(BAD_CREDENTIALS);
        });
        lockout.succeeded(email, clientKey);
        Audit.log("login.success", "user_id", user.id().toString(), "session_id", session.toString());
        metrics.loginSucceeded();
        return pair;
    }

    public TokenPair refresh(String refreshToken, LoginClient client) {
        Instant now = clock.instant();
        String next = randomToken();
        var rotation =
                refreshTokens.rotate(hash(refreshToken), hash(next), client, now, now.plus(settings.refreshTtl()));
        return switch (rotation) {
            case RefreshTokenRepository.Rotation.Invalid i -> throw new AppException.Unauthorized(BAD_REFRESH);
            case RefreshTokenRepository.Rotation.Reused r -> {
                long revoked = refreshTokens.revokeFamily(r.familyId(), now);
                Audit.log(
                        "token.reuse",
                        "user_id",
                        r.userId().toString(),
                        "family_id",
                        r.familyId().toString(),
                        "revoked",
                        Long.toString(revoked));
                metrics.reuseDetected();
                throw new AppException.Unauthorized(BAD_REFRESH);
            }
            case RefreshTokenRepository.Rotation.Rotated r -> {
                Optional<User> user = users.findById(r.userId()).filter(u -> !u.disabled());
                if (user.isEmpty()) {
                    refreshTokens.revokeFamily(r.familyId(), now);
                    throw new AppException.Unauthorized(BAD_REFRESH);
                }
                var access = issuer.issue(user.get().id(), user.get().roles(), r.familyId());
                metrics.refreshed();
                yield new TokenPair(access.token(), access.expiresIn(), next);
            }
        };
    }

    /** Ends the session the refresh token belongs to (its whole family); only its owner may do so. */
    public void logout(Caller caller, String refreshToken) {
        var stored = refreshTokens.find(hash(refreshToken));
        if (stored.isEmpty() || !stored.get().userId().equals(caller.id())) {
            throw new AppException.Unauthorized(BAD_REFRESH);
        }
        refreshTokens.revokeFamily(stored.get().familyId(), clock.instant());
        Audit.log(
                "logout",
                "user_id",
                caller.id().toString(),
                "family_id",
                stored.get().familyId().toString());
    }

    /** 429 while this (account, client) pair or the account is locked: the second step honours the first's lock. */
    public void requireNotLocked(User user, LoginClient client) {
        try {
            lockout.check(user.email(), client.address().key());
        } catch (AppException.RetryLater locked) {
            metrics.loginLocked();
            throw locked;
        }
    }

    /** A wrong second factor counts like a wrong password toward the (account, client) lockout. */
    public void recordWrongSecondFactor(User user, LoginClient client) {
        int failures = lockout.recordFailure(user.email(), client.address().key());
        Audit.log(
                "login.failure",
                "user_id",
                user.id().toString(),
                "email_hash",
                LoginLockout.emailHash(user.email()),
                "reason",
                "wrong_second_factor",
                "failures",
                Integer.toString(failures));
        metrics.loginFailed();
    }

    /** The second factor passed: the same session (refresh family, sid) a password-only login starts. */
    public TokenPair completeSecondFactor(User user, String factor, LoginClient client) {
        lockout.succeeded(user.email(), client.address().key());
        UUID session = UuidV7.next();
        Audit.log(
                "login.success",
                "user_id",
                user.id().toString(),
                "session_id",
                session.toString(),
                "second_factor",
                factor);
        metrics.loginSucceeded();
        return newPair(user, session, client, clock.instant(), Set.of()).orElseThrow();
    }

    /** Empty when the user's hash is no longer one of {@code checkedHashes} (see RefreshTokenRepository). */
    private Optional<TokenPair> newPair(
            User user, UUID familyId, LoginClient client, Instant now, Set<String> checkedHashes) {
        String refresh = randomToken();
        if (!refreshTokens.startSession(
                hash(refresh), familyId, user.id(), client, now, now.plus(settings.refreshTtl()), checkedHashes)) {
            return Optional.empty();
        }
        var access = issuer.issue(user.id(), user.roles(), familyId);
        return Optional.of(new TokenPair(access.token(), access.expiresIn(), refresh));
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String refreshToken) {
        return java.util.HexFormat.of().formatHex(sha256Bytes(refreshToken));
    }

    private static byte[] sha256Bytes(String value) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
