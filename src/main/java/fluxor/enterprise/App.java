package fluxor.enterprise;

import fluxor.enterprise.account.Account;
import fluxor.enterprise.account.AccountHandlers;
import fluxor.enterprise.auth.AuthHandlers;
import fluxor.enterprise.auth.AuthMetrics;
import fluxor.enterprise.auth.AuthService;
import fluxor.enterprise.auth.Authenticator;
import fluxor.enterprise.auth.JwtSettings;
import fluxor.enterprise.auth.LoginLockout;
import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.PasswordPolicy;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.auth.Revocations;
import fluxor.enterprise.auth.SessionHandlers;
import fluxor.enterprise.auth.SigningKeys;
import fluxor.enterprise.auth.TokenIssuer;
import fluxor.enterprise.config.Settings;
import fluxor.enterprise.db.Database;
import fluxor.enterprise.events.DomainEvents;
import fluxor.enterprise.events.EventBus;
import fluxor.enterprise.events.MailSender;
import fluxor.enterprise.events.MailSettings;
import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.events.OutboxHealthCheck;
import fluxor.enterprise.events.OutboxMetrics;
import fluxor.enterprise.events.OutboxSettings;
import fluxor.enterprise.events.OutboxWorker;
import fluxor.enterprise.events.WelcomeEmail;
import fluxor.enterprise.health.Health;
import fluxor.enterprise.http.HttpEdge;
import fluxor.enterprise.http.Routes;
import fluxor.enterprise.idempotency.Idempotency;
import fluxor.enterprise.mfa.Mfa;
import fluxor.enterprise.observability.HttpMetrics;
import fluxor.enterprise.observability.JvmMeters;
import fluxor.enterprise.observability.Telemetry;
import fluxor.enterprise.server.Connections;
import fluxor.enterprise.server.ListenerWatchdog;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserHandlers;
import fluxor.enterprise.users.UserRepository;
import fluxor.enterprise.users.UserSeeder;
import fluxor.enterprise.users.UserService;
import fluxor.enterprise.webhooks.Webhooks;
import io.helidon.config.Config;
import io.helidon.http.Method;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;

/**
 * The composition root: builds every object from config and shows every route. {@link Main} and the tests
 * both start the service through here.
 */
public final class App implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(App.class.getName());
    private final Config config;
    private final Telemetry telemetry;
    private final Settings settings;
    private final BuildInfo build;
    private final Database database;
    private final Health health;
    private final HttpEdge edge;
    private final SigningKeys signingKeys;
    private final Authenticator authenticator;
    private final UserHandlers userHandlers;
    private final AuthHandlers authHandlers;
    private final Revocations revocations;
    private final SessionHandlers sessionHandlers;
    private final AccountHandlers accountHandlers;
    private final Mfa.Handlers mfaHandlers;
    private final OutboxWorker outboxWorker;
    private final Connections connections;
    private final Webhooks webhooks;
    private final Idempotency idempotency;
    private Routes routes;
    private ListenerWatchdog watchdog;

    /** The service; a null {@code mailSender} means the configured one (SMTP when smtp.host is set, else log). */
    private App(Config config, MailSender mailSender, Clock clock) {
        this.config = config;
        // First: the tracer must be global before the DbClient or the server ask for one.
        this.telemetry = Telemetry.install(config);
        this.settings = Settings.from(config);
        this.build = BuildInfo.load();
        this.database = Database.create(config);
        database.migrate();
        this.health = new Health(config).database(database.client(), database::migrated);
        this.edge = new HttpEdge(config, settings.hsts());
        this.connections = Connections.create(config);
        edge.closeConnectionsWhen(health::draining);
        LOGGER.log(System.Logger.Level.DEBUG, "common passwords refused: " + PasswordPolicy.preload());

        JwtSettings jwt = JwtSettings.from(config);
        this.signingKeys = SigningKeys.load(jwt.keyFile());
        PasswordHasher hasher = new PasswordHasher();
        UserRepository users = new UserRepository(database.client());
        RefreshTokenRepository refreshTokens = new RefreshTokenRepository(database.client());
        // Sessions and revocation: every instance syncs revoked tokens into memory; the cache stays the fast path.
        this.revocations = Revocations.create(config, refreshTokens, jwt, clock);
        this.authenticator = new Authenticator(signingKeys, jwt, clock, 100_000, revocations);
        this.sessionHandlers = SessionHandlers.create(refreshTokens, revocations, clock);
        AuthMetrics authMetrics = new AuthMetrics();
        // Events: registration writes its outbox row in the user's transaction; the worker delivers it afterwards.
        MailSender mail =
                mailSender != null ? mailSender : MailSettings.from(config).sender();
        Outbox outbox = new Outbox(database.client());
        EventBus bus = new EventBus();
        // Integration: webhooks fan out from the outbox (first, so a mail outage never holds them back: the fan-out
        // is idempotent when the outbox retries the event); Idempotency-Key records live in the database.
        this.webhooks = Webhooks.create(config, database.client(), bus, users, clock, health);
        bus.subscribe(WelcomeEmail.EVENT, new WelcomeEmail(mail))
                .subscribe(Mfa.RESET_NOTICE_EVENT, Mfa.resetNotice(mail));
        // Account lifecycle: verification, reset, email change, unlock; its emails are outbox subscribers too.
        Account account = Account.create(
                config, database.client(), users, refreshTokens, hasher, outbox, mail, clock, this::wakeOutbox);
        account.subscribe(bus);
        this.outboxWorker = new OutboxWorker(outbox, bus, OutboxSettings.from(config), clock, new OutboxMetrics());
        OutboxMetrics.registerBacklog(() -> outboxWorker.stats().pending());
        health.add(new OutboxHealthCheck(outboxWorker, mail));
        this.idempotency = Idempotency.create(config, database.client(), clock);
        UserService userService = new UserService(
                users,
                refreshTokens,
                hasher,
                clock,
                () -> {
                    authMetrics.registered();
                    outboxWorker.wake(); // committed: deliver now rather than at the next poll
                },
                both(WelcomeEmail.inRegistration(outbox, clock), account.inRegistration()),
                new UserService.ChangeEvents(
                        DomainEvents.snapshot(DomainEvents.UPDATED, outbox, clock),
                        DomainEvents.snapshot(DomainEvents.DELETED, outbox, clock),
                        DomainEvents.snapshot(DomainEvents.PASSWORD_CHANGED, outbox, clock),
                        outboxWorker::wake));
        Mfa mfa = new Mfa(
                config,
                database.client(),
                users,
                hasher,
                refreshTokens,
                outbox,
                clock,
                settings.production(),
                outboxWorker::wake);
        AuthService authService = new AuthService(
                users,
                refreshTokens,
                hasher,
                new TokenIssuer(signingKeys, jwt, clock),
                jwt,
                clock,
                authMetrics,
                LoginLockout.create(config, database.client(), users, clock),
                mfa::challenge);
        this.userHandlers = new UserHandlers(userService);
        authService.requireVerifiedEmail(account.requireVerifiedEmail());
        this.authHandlers = new AuthHandlers(authService, signingKeys);
        this.accountHandlers = account.handlers();
        this.mfaHandlers = mfa.handlers(authService);
        seed(config, new UserSeeder(users, userService));
        JvmMeters.register(Metrics.globalRegistry());
        outboxWorker.start();
        revocations.start();
        webhooks.start();
    }

    private void wakeOutbox() {
        outboxWorker.wake();
    }

    private static UserRepository.InSameTransaction both(
            UserRepository.InSameTransaction first, UserRepository.InSameTransaction second) {
        return (tx, user) -> {
            first.run(tx, user);
            second.run(tx, user);
        };
    }

    private static void seed(Config config, UserSeeder seeder) {
        if (config.get("seed.data").asBoolean().orElse(false)) {
            seeder.seedDemoData();
        }
        String adminEmail = config.get("admin.email").asString().orElse("");
        String adminPassword = config.get("admin.password").asString().orElse("");
        if (!adminEmail.isBlank() && !adminPassword.isBlank()) {
            seeder.bootstrapAdmin(adminEmail, adminPassword);
        }
    }

    public static App create(Config config) {
        return new App(config, null, Clock.systemUTC());
    }

    /** Tests: the same service with this mail sender instead of the configured one. */
    public static App create(Config config, MailSender mailSender) {
        return create(config, mailSender, Clock.systemUTC());
    }

    /** Tests: this mail sender (null = the configured one) and this clock (expiry, TOTP steps, lockout windows). */
    public static App create(Config config, MailSender mailSender, Clock clock) {
        return new App(config, mailSender, java.util.Objects.requireNonNull(clock, "clock"));
    }

    /** Every route of the service. */
    public void routing(HttpRouting.Builder routing) {
        routes = new Routes(routing);
        // Outermost: sees every request, shed and failed ones included, and writes the access log line.
        routing.addFilter(new HttpMetrics(routes).filter());
        connections.routing(routing);
        edge.install(routing, routes);
        routes.external(Method.GET, "/health")
                .external(Method.GET, "/health/live")
                .external(Method.GET, "/health/ready")
                .external(Method.GET, "/metrics")
                .external(Method.GET, "/openapi");
        routes.get("/", this::home);
        routes.get("/.well-known/jwks.json", authHandlers::jwks);

        Handler bearer = authenticator.authenticated();
        Handler admin = authenticator.rolesAllowed(User.ADMIN);
        routes.post("/api/v1/auth/register", idempotency, userHandlers::register)
                .post("/api/v1/auth/login", authHandlers::login)
                .post("/api/v1/auth/refresh", authHandlers::refresh)
                .post("/api/v1/auth/logout", bearer, authHandlers::logout);
        routes.post("/api/v1/auth/email-verification", bearer, accountHandlers::resendVerification)
                .post("/api/v1/auth/email-verification/confirm", accountHandlers::confirmVerification)
                .post("/api/v1/auth/password-reset", idempotency, accountHandlers::requestReset)
                .post("/api/v1/auth/password-reset/confirm", accountHandlers::confirmReset)
                .post("/api/v1/auth/unlock", accountHandlers::unlock)
                .post("/api/v1/users/me/email", bearer, accountHandlers::requestEmailChange);
        routes.get("/api/v1/users/me", bearer, userHandlers::me)
                .get("/api/v1/users", admin, userHandlers::list)
                .get("/api/v1/users/{id}", bearer, userHandlers::get)
                .patch("/api/v1/users/{id}", bearer, userHandlers::patch)
                .delete("/api/v1/users/{id}", admin, userHandlers::delete);
        routes.get("/api/v1/users/me/sessions", bearer, sessionHandlers::list)
                .delete("/api/v1/users/me/sessions", bearer, sessionHandlers::revokeAll)
                .delete("/api/v1/users/me/sessions/{id}", bearer, sessionHandlers::revoke);
        // Two-factor login; /users/me/mfa before /users/{id}/mfa, which would otherwise take "me" for an id.
        routes.post("/api/v1/auth/login/mfa", mfaHandlers.login())
                .post("/api/v1/users/me/mfa/totp", bearer, mfaHandlers.enrol())
                .post("/api/v1/users/me/mfa/totp/confirm", bearer, mfaHandlers.confirm())
                .post("/api/v1/users/me/mfa/recovery-codes", bearer, mfaHandlers.regenerateRecoveryCodes())
                .delete("/api/v1/users/me/mfa", bearer, mfaHandlers.disable())
                .delete("/api/v1/users/{id}/mfa", admin, mfaHandlers.adminReset());
        routes.get("/api/v1/admin/webhook-deliveries", admin, webhooks::list)
                .post("/api/v1/admin/webhook-deliveries/{id}/retry", admin, webhooks::retry);
    }

    /** Server-level features: health, metrics and tracing observers. */
    public void server(WebServerConfig.Builder server) {
        server.addFeature(health.feature(config));
        server.addFeature(authenticator.feature());
        edge.server(server);
        connections.server(server);
    }

    /** Starts the listener; a listener that dies is only logged (tests; Main exits instead). */
    public WebServer start() {
        return start(() -> {});
    }

    /** Starts the listener; {@code onListenerDeath} runs if it ever stops other than through {@link #shutdown}. */
    public WebServer start(Runnable onListenerDeath) {
        WebServerConfig.Builder server = WebServer.builder()
                .config(config.get("server"))
                // Main drains on SIGTERM itself, in order; Helidon's hook would race with it.
                .shutdownHook(false)
                .routing(this::routing);
        server(server);
        watchdog = ListenerWatchdog.start(() -> server.build().start(), cause -> onListenerDeath.run());
        return watchdog.server();
    }

    /**
     * Readiness turns DOWN, the listener closes, in-flight requests finish (grace period), the outbox worker
     * finishes its message in hand, the pool closes.
     */
    public void shutdown(WebServer server) {
        health.startDraining();
        sleep(settings.drainDelay().toMillis());
        if (watchdog != null) {
            watchdog.stopping();
        }
        server.stop();
        close();
    }

    public Routes routes() {
        return routes;
    }

    public Database database() {
        return database;
    }

    public Settings settings() {
        return settings;
    }

    private void home(ServerRequest req, ServerResponse res) {
        JsonObject body = Json.createObjectBuilder()
                .add("service", "fluxor-enterprise")
                .add("version", build.version())
                .add("status", "ok")
                .build();
        res.send(body);
    }

    @Override
    public void close() {
        revocations.close();
        outboxWorker.close(); // before the pool: the message in hand finishes, the rest is released
        webhooks.close(); // after the outbox (which may still fan out), before the pool
        edge.close();
        connections.close();
        database.close();
        telemetry.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
