package fluxor.enterprise.mfa;

import fluxor.enterprise.auth.AuthService;
import fluxor.enterprise.auth.LoginClient;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The two steps of a login with two-factor login on. The password step gets an mfa_token (single use, 300 s, bound
 * to the user, stored as SHA-256 only, one live per user); the second step trades it and a TOTP or recovery code
 * for the same token pair a password-only login gets.
 */
final class MfaLogin {
    static final Duration TOKEN_TTL = Duration.ofMinutes(5);
    static final String BAD_TOKEN = "The mfa token is invalid, expired or used up; log in again.";
    static final String BAD_CODE = "The code is wrong or was already used.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MfaRepository repository;
    private final UserRepository users;
    private final SecondFactors factors;
    private final Clock clock;
    private final MfaMetrics metrics;
    private final AuthService auth;

    /** @param auth the auth feature: it issues the tokens and keeps the lockout */
    MfaLogin(
            MfaRepository repository,
            UserRepository users,
            SecondFactors factors,
            Clock clock,
            MfaMetrics metrics,
            AuthService auth) {
        this.repository = repository;
        this.users = users;
        this.factors = factors;
        this.clock = clock;
        this.metrics = metrics;
        this.auth = auth;
    }

    /** The password step's answer (called by AuthService.login through its SecondFactor hook). */
    static AuthService.SecondFactorRequired challenge(MfaRepository repository, User user, Instant now) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        repository.insertLoginToken(user.id(), RecoveryCodes.hash(token), now, now.plus(TOKEN_TTL));
        return new AuthService.SecondFactorRequired(token, TOKEN_TTL.toSeconds());
    }

    AuthService.TokenPair complete(String mfaToken, SecondFactors.Factor factor, LoginClient client) {
        Instant now = clock.instant();
        String hash = RecoveryCodes.hash(mfaToken);
        MfaRepository.LoginToken token =
                repository.liveLoginToken(hash, now).orElseThrow(() -> new AppException.Unauthorized(BAD_TOKEN));
        User user = users.findById(token.userId())
                .filter(u -> !u.disabled() && u.mfaEnabled())
                .orElseThrow(() -> new AppException.Unauthorized(BAD_TOKEN));
        auth.requireNotLocked(user, client);
        boolean passed = repository.inTransaction(tx -> {
            if (!factors.verify(tx, user.id(), factor, now)) {
                return false;
            }
            if (!repository.spendLoginToken(tx, hash, now)) {
                throw new AppException.Unauthorized(BAD_TOKEN); // a concurrent use won: the code is not spent
            }
            return true;
        });
        if (!passed) {
            repository.countLoginTokenFailure(hash);
            factors.onWrongSecondFactor(user, client, factor, "login");
            throw new AppException.Unauthorized(BAD_CODE);
        }
        metrics.succeeded("login");
        if (factor instanceof SecondFactors.Factor.RecoveryCode) {
            Audit.log(
                    "mfa.recovery_code_used",
                    "user_id",
                    user.id().toString(),
                    "remaining",
                    Long.toString(repository.unusedRecoveryCodes(user.id())));
        }
        return auth.completeSecondFactor(user, factor.name(), client);
    }
}
