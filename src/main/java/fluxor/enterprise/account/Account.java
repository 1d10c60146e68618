package fluxor.enterprise.account;

import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.events.EventBus;
import fluxor.enterprise.events.MailSender;
import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.users.UserRepository;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import java.time.Clock;

/**
 * The account lifecycle feature, built from config and the shared collaborators: email verification, password
 * reset, email change, unlock, and their emails (outbox subscribers). App wires its three seams: the registration
 * hook, the event subscribers and the handlers.
 */
public final class Account {
    private final AccountSettings settings;
    private final EmailVerification verification;
    private final AccountMailer mailer;
    private final AccountHandlers handlers;

    private record Collaborators(
            DbClient db,
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            Outbox outbox,
            MailSender mail,
            Clock clock,
            Runnable wake) {}

    private Account(Config config, Collaborators c) {
        this.settings = AccountSettings.from(config);
        AccountStore store = new AccountStore(c.db());
        Flow flow = new Flow(
                store,
                new OneTimeTokens(),
                c.outbox(),
                new Limits(store),
                settings,
                new AccountMetrics(),
                c.clock(),
                c.wake());
        this.verification = new EmailVerification(flow, c.users());
        PasswordReset reset = new PasswordReset(flow, c.users(), c.refreshTokens(), c.hasher());
        EmailChange change = new EmailChange(flow, c.users(), c.hasher());
        Unlock unlock = new Unlock(flow, c.users());
        this.mailer = new AccountMailer(flow, c.users(), new AccountMail(settings.publicUrl()), c.mail());
        this.handlers = new AccountHandlers(verification, reset, change, unlock);
    }

    /** {@code wake}: deliver the outbox now (called after a flow's transaction committed). */
    public static Account create(
            Config config,
            DbClient db,
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            Outbox outbox,
            MailSender mail,
            Clock clock,
            Runnable wake) {
        return new Account(config, new Collaborators(db, users, refreshTokens, hasher, outbox, mail, clock, wake));
    }

    /** In the registration's transaction: the verification email's outbox row. */
    public UserRepository.InSameTransaction inRegistration() {
        return verification.inRegistration();
    }

    /** The account emails' outbox subscribers. */
    public EventBus subscribe(EventBus bus) {
        mailer.subscribe(bus);
        return bus;
    }

    /** auth.require-verified-email: login refuses unverified addresses with a 403. */
    public boolean requireVerifiedEmail() {
        return settings.requireVerifiedEmail();
    }

    public AccountHandlers handlers() {
        return handlers;
    }
}
