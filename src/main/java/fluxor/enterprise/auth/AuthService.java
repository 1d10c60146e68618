package fluxor.enterprise.auth;

import fluxor.enterprise.http.AppException;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import fluxor.enterprise.users.UuidV7;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Login, refresh-token rotation with reuse detection, logout, and per-account brute-force protection. */
public final class AuthService {
    static final String BAD_CREDENTIALS = "The email or password is wrong.";
    static final String BAD_REFRESH = "The refresh token is invalid or expired.";
    static final int FREE_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
    static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    static final Duration MAX_LOCK = Duration.ofHours(1);
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
    private final SecondFactor secondFactor;

    public AuthService(
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            TokenIssuer issuer,
            JwtSettings settings,
            Clock clock,
            AuthMetrics metrics,
            SecondFactor secondFactor) {
        this.secondFactor = secondFactor;
        this.metrics = metrics;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.issuer = issuer;
        this.settings = settings;
        this.clock = clock;
    }

    public LoginResult login(String email, String password) {
        String emailHash = Authenticator.sha256(User.emailKey(email)).substring(0, 16);
        Optional<User> found = users.findByEmail(email);
        if (found.isEmpty()) {
            hasher.burn(password);
            Audit.log("login.failure", "email_hash", emailHash, "reason", "unknown_email");
            metrics.loginFailed();
            throw new AppException.Unauthorized(BAD_CREDENTIALS);
        }
        User user = found.get();
        Instant now = clock.instant();
        if (user.lockedUntil() != null && user.lockedUntil().isAfter(now)) {
            Audit.log("login.locked", "user_id", user.id().toString(), "email_hash", emailHash);
            metrics.loginLocked();
            throw AppException.RetryLater.tooManyRequests(
                    "Too many failed logins; try again later.", Duration.between(now, user.lockedUntil()));
        }
        PasswordHasher.Check check = hasher.check(password, user.passwordHash());
        if (!check.matches()) {
            recordFailure(user, now, emailHash, "wrong_password");
            metrics.loginFailed();
            throw new AppException.Unauthorized(BAD_CREDENTIALS);
        }
        if (user.disabled()) {
            // Same answer as a wrong password: a disabled account is not confirmed to strangers.
            Audit.log("login.failure", "user_id", user.id().toString(), "email_hash", emailHash, "reason", "disabled");
            metrics.loginFailed();
            throw new AppException.Unauthorized(BAD_CREDENTIALS);
        }
        if (check.rehash() != null) {
            users.replaceHash(user.id(), user.passwordHash(), check.rehash());
        }
        if (user.mfaEnabled()) {
            // Failures are not cleared yet: only a passed second factor does, so wrong codes keep adding up.
            Audit.log("login.mfa_required", "user_id", user.id().toString());
            return secondFactor.challenge(user, now);
        }
        users.clearFailures(user.id());
        Audit.log("login.success", "user_id", user.id().toString());
        metrics.loginSucceeded();
        return newPair(user, UuidV7.next(), now);
    }

    public TokenPair refresh(String refreshToken) {
        Instant now = clock.instant();
        String next = randomToken();
        var rotation = refreshTokens.rotate(hash(refreshToken), hash(next), now, now.plus(settings.refreshTtl()));
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

    /** 429 while the account is locked: the second step of a two-factor login honours the same lock as the first. */
    public void requireNotLocked(User user) {
        Instant now = clock.instant();
        if (user.lockedUntil() != null && user.lockedUntil().isAfter(now)) {
            Audit.log("login.locked", "user_id", user.id().toString());
            metrics.loginLocked();
            throw AppException.RetryLater.tooManyRequests(
                    "Too many failed logins; try again later.", Duration.between(now, user.lockedUntil()));
        }
    }

    /** A wrong second factor counts like a wrong password toward the account's lockout. */
    public void recordWrongSecondFactor(User user) {
        String emailHash = Authenticator.sha256(User.emailKey(user.email())).substring(0, 16);
        recordFailure(user, clock.instant(), emailHash, "wrong_second_factor");
        metrics.loginFailed();
    }

    /** The second factor passed: the same session (refresh family, sid) a password-only login starts. */
    public TokenPair completeSecondFactor(User user, String factor) {
        users.clearFailures(user.id());
        Audit.log("login.success", "user_id", user.id().toString(), "second_factor", factor);
        metrics.loginSucceeded();
        return newPair(user, UuidV7.next(), clock.instant());
    }

    private TokenPair newPair(User user, UUID familyId, Instant now) {
        String refresh = randomToken();
        refreshTokens.insert(hash(refresh), familyId, user.id(), now, now.plus(settings.refreshTtl()));
        var access = issuer.issue(user.id(), user.roles(), familyId);
        return new TokenPair(access.token(), access.expiresIn(), refresh);
    }

    /** After the free failures in a window, each further one locks the account twice as long (capped). */
    private void recordFailure(User user, Instant now, String emailHash, String reason) {
        boolean windowOpen = user.failureWindowStart() != null
                && user.failureWindowStart().plus(FAILURE_WINDOW).isAfter(now);
        int failures = windowOpen ? user.failedLogins() + 1 : 1;
        Instant windowStart = windowOpen ? user.failureWindowStart() : now;
        Instant lockedUntil = null;
        if (failures >= FREE_FAILURES) {
            int doublings = Math.min(failures - FREE_FAILURES, 10);
            Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
            lockedUntil = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
            // The window must outlive the lock, or the next failure would start counting from one again.
            windowStart = now;
        }
        users.recordFailure(user.id(), failures, windowStart, lockedUntil);
        Audit.log(
                "login.failure",
                "user_id",
                user.id().toString(),
                "email_hash",
                emailHash,
                "reason",
                reason,
                "failures",
                Integer.toString(failures));
        if (lockedUntil != null) {
            Audit.log("login.lockout", "user_id", user.id().toString(), "until", lockedUntil.toString());
        }
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
