package fluxor.enterprise.mfa;

import fluxor.enterprise.auth.AuthService;
import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.events.EventSubscriber;
import fluxor.enterprise.events.MailSender;
import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.observability.Traces;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.Handler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Two-factor login (TOTP, RFC 6238, with recovery codes): the feature's one entry point. App builds it from config
 * and the shared collaborators, hands {@link #challenge} to AuthService as its second-factor hook and routes the
 * {@link Handlers}; Main's {@code mfa-keygen} writes the encryption key through {@link #writeNewKey}.
 */
public final class Mfa {
    private static final System.Logger LOGGER = System.getLogger(Mfa.class.getName());
    public static final String RESET_NOTICE_EVENT = MfaResetNotice.EVENT;

    /** The routes' handlers (paths in App.routing and openapi.yaml). */
    public record Handlers(
            Handler login,
            Handler enrol,
            Handler confirm,
            Handler regenerateRecoveryCodes,
            Handler disable,
            Handler adminReset) {}

    private final MfaRepository repository;
    private final SecretCipher cipher;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final RefreshTokenRepository refreshTokens;
    private final Outbox outbox;
    private final Clock clock;
    private final String issuer;
    private final Runnable onOutboxWritten;
    private final MfaMetrics metrics = new MfaMetrics();

    /**
     * Builds the feature; reads {@code mfa.encryption.key.file} (MFA_ENCRYPTION_KEY_FILE) and {@code mfa.issuer}.
     *
     * @param production with app.env production, a missing key refuses the start when any user has two-factor login
     *                   (their secrets could not be read), and otherwise turns enrolment off (503) rather than
     *                   encrypting under a key that dies with the process
     * @param onOutboxWritten runs after an admin reset committed its notice email (wakes the outbox worker)
     */
    public Mfa(
            Config config,
            DbClient db,
            UserRepository users,
            PasswordHasher hasher,
            RefreshTokenRepository refreshTokens,
            Outbox outbox,
            Clock clock,
            boolean production,
            Runnable onOutboxWritten) {
        this.repository = new MfaRepository(db);
        this.users = users;
        this.hasher = hasher;
        this.refreshTokens = refreshTokens;
        this.outbox = outbox;
        this.clock = clock;
        this.onOutboxWritten = onOutboxWritten;
        this.issuer = config.get("mfa.issuer").asString().orElse("Fluxor Enterprise");
        this.cipher = cipher(config.get("mfa.encryption.key.file").asString().orElse(""), production);
    }

    private SecretCipher cipher(String keyFile, boolean production) {
        if (!keyFile.isBlank()) {
            SecretCipher loaded = SecretCipher.load(Path.of(keyFile.trim()));
            LOGGER.log(Level.INFO, "two-factor login: TOTP secrets encrypted with the key in " + keyFile.trim());
            return loaded;
        }
        long enrolled;
        try {
            enrolled = Traces.untraced(repository::usersWithMfa); // start-up housekeeping, not a trace
        } catch (RuntimeException e) {
            // the service starts while the database is down (readiness reports it); the check cannot run then
            LOGGER.log(Level.WARNING, "two-factor login: could not count enrolled users (database unreachable?)");
            enrolled = 0;
        }
        if (production) {
            if (enrolled > 0) {
                String problem = "refusing to start in production: " + enrolled + " user(s) have two-factor login "
                        + "but mfa.encryption.key.file (MFA_ENCRYPTION_KEY_FILE) is not set, so their TOTP secrets "
                        + "cannot be read; set it to the key file they were enrolled with";
                LOGGER.log(Level.ERROR, problem);
                throw new IllegalStateException(problem);
            }
            LOGGER.log(
                    Level.WARNING,
                    "two-factor enrolment is off: mfa.encryption.key.file (MFA_ENCRYPTION_KEY_FILE) is not set "
                            + "(create a key with: fluxor-enterprise mfa-keygen FILE)");
            return null;
        }
        LOGGER.log(
                Level.WARNING,
                "two-factor login: mfa.encryption.key.file (MFA_ENCRYPTION_KEY_FILE) is not set; TOTP secrets are "
                        + "encrypted with an ephemeral key, so every enrolment made now becomes unusable after a "
                        + "restart (recovery codes keep working)"
                        + (enrolled > 0
                                ? "; the " + enrolled + " existing enrolment(s) cannot be read with this key"
                                : ""));
        return SecretCipher.ephemeral();
    }

    /** Subscriber of {@link #RESET_NOTICE_EVENT}: the email telling a user an admin reset their two-factor login. */
    public static EventSubscriber resetNotice(MailSender sender) {
        return new MfaResetNotice(sender);
    }

    /** AuthService's second-factor hook: the mfa_token a correct password earns when two-factor login is on. */
    public AuthService.SecondFactorRequired challenge(User user, Instant now) {
        return MfaLogin.challenge(repository, user, now);
    }

    /**
     * The handlers, completing logins through {@code auth}, which keeps the per-(account, client) lockout that wrong
     * second factors count toward.
     */
    public Handlers handlers(AuthService auth) {
        SecondFactors factors = new SecondFactors(repository, cipher, metrics, auth::recordWrongSecondFactor);
        MfaService service = new MfaService(
                users,
                hasher,
                refreshTokens,
                repository,
                cipher,
                factors,
                outbox,
                clock,
                metrics,
                issuer,
                onOutboxWritten);
        MfaHandlers handlers = new MfaHandlers(service, new MfaLogin(repository, users, factors, clock, metrics, auth));
        return new Handlers(
                handlers::login,
                handlers::enrol,
                handlers::confirm,
                handlers::regenerateRecoveryCodes,
                handlers::disable,
                handlers::adminReset);
    }

    /** {@code mfa-keygen FILE}: a new AES-256 key, mode 0600; an existing file is never overwritten. */
    public static void writeNewKey(Path file) throws IOException {
        SecretCipher.writeNewKey(file);
    }
}
