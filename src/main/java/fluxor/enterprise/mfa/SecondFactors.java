package fluxor.enterprise.mfa;

import fluxor.enterprise.auth.LoginClient;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import io.helidon.dbclient.DbExecute;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Checks a second factor and records its use in the caller's transaction (so it is spent only if the whole change
 * commits), and is the one place every wrong second factor goes through.
 */
final class SecondFactors {
    private static final System.Logger LOGGER = System.getLogger(SecondFactors.class.getName());

    /** What the user presented: a TOTP code (6 digits) or a recovery code (normalised). */
    sealed interface Factor {
        String name();

        record TotpCode(String code) implements Factor {
            @Override
            public String name() {
                return "totp";
            }
        }

        record RecoveryCode(String normalised) implements Factor {
            @Override
            public String name() {
                return "recovery_code";
            }
        }
    }

    private final MfaRepository repository;
    private final SecretCipher cipher;
    private final MfaMetrics metrics;
    private final BiConsumer<User, LoginClient> lockout;

    /** @param lockout where a wrong second factor counts toward the login lockout (the auth feature's) */
    SecondFactors(
            MfaRepository repository, SecretCipher cipher, MfaMetrics metrics, BiConsumer<User, LoginClient> lockout) {
        this.repository = repository;
        this.cipher = cipher;
        this.metrics = metrics;
        this.lockout = lockout;
    }

    /** True when the factor is right and unused; its use (time step or recovery code) is recorded in {@code tx}. */
    boolean verify(DbExecute tx, UUID userId, Factor factor, Instant now) {
        return switch (factor) {
            case Factor.TotpCode t -> verifyTotp(tx, userId, t.code(), now);
            case Factor.RecoveryCode r -> {
                boolean used = repository.useRecoveryCode(tx, userId, RecoveryCodes.hash(r.normalised()), now);
                if (used) {
                    metrics.recoveryCodeUsed();
                }
                yield used;
            }
        };
    }

    /** A code of the current step or one either side, newer than the last accepted one (replay guard). */
    boolean verifyTotp(DbExecute tx, UUID userId, String code, Instant now) {
        Optional<MfaRepository.Secret> secret = repository.secret(userId);
        if (secret.isEmpty() || cipher == null) {
            return false;
        }
        byte[] key;
        try {
            key = cipher.open(userId, secret.get().sealed());
        } catch (IllegalStateException e) {
            LOGGER.log(
                    System.Logger.Level.WARNING,
                    "TOTP secret of user " + userId + " does not decrypt with the current key (was the key changed "
                            + "or ephemeral?); the user can still sign in with a recovery code, or an admin resets "
                            + "two-factor login");
            return false;
        }
        long lastStep = secret.get().lastStep();
        Optional<Long> step = Totp.matchingSteps(key, code, now).stream()
                .filter(s -> s > lastStep)
                .findFirst();
        return step.isPresent()
                && repository.acceptStep(tx, userId, secret.get().sealed(), step.get());
    }

    /**
     * Every wrong or replayed second factor: audited, counted, and counted toward the login lockout (today the
     * per-(account, client) lockout of the auth feature, the same one wrong passwords count toward). Except while
     * confirming an enrolment: that grants nothing, and a user fumbling with a new app must not lock their login.
     */
    void onWrongSecondFactor(User user, LoginClient client, Factor factor, String during) {
        Audit.log(
                "mfa.failure",
                "user_id",
                user.id().toString(),
                "factor",
                factor.name(),
                "during",
                during,
                "client_ip",
                client.address().ip());
        metrics.failed(during);
        if (!"confirm".equals(during)) {
            lockout.accept(user, client);
        }
    }
}
