package fluxor.enterprise;

import fluxor.enterprise.account.Account;
import fluxor.enterprise.account.AccountHandlers;
import fluxor.enterprise.auth.Auth;
import fluxor.enterprise.auth.AuthHandlers;
import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.PasswordPolicy;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.auth.SessionHandlers;
import fluxor.enterprise.config.Settings;
import fluxor.enterprise.db.Database;
import fluxor.enterprise.events.DomainEvents;
import fluxor.enterprise.events.Events;
import fluxor.enterprise.events.MailSender;
import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.events.WelcomeEmail;
import fluxor.enterprise.health.Health;
import fluxor.enterprise.http.HttpEdge;
import fluxor.enterprise.http.Jsons;
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
    private final Auth auth;
    private final UserHandlers userHandlers;
    private final AccountHandlers accountHandlers;
    private final Mfa.Handlers mfaHandlers;
    private final Events events;
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
        health.add(edge.rateLimitCheck());
        LOGGER.log(System.Logger.Level.DEBUG, "common passwords refused: " + PasswordPolicy.preload());

        PasswordHasher hasher = new PasswordHasher();
        UserRepository users = new UserRepository(database.client());
        RefreshTokenRepository refreshTokens = new RefreshTokenRepository(database.client());
        // Events: every change writes its outbox rows in its own transaction; the worker delivers them afterwards.
        this.events = Events.create(config, database.client(), mailSender, clock, health);
        Outbox outbox = events.outbox();
        // Integration: webhooks fan out from the outbox (first, so a mail outage never holds them back: the fan-out
        // is idempotent when the outbox retries the event); Idempotency-Key records live in the database.
        this.webhooks = Webhooks.create(config, database.client(), events.bus(), users, clock, health);
        this.idempotency = Idempotency.create(config, database.client(), clock);
        events.bus()
                .subscribe(WelcomeEmail.EVENT, new WelcomeEmail(events.mail()))
                .subscribe(Mfa.RESET_NOTICE_EVENT, Mfa.resetNotice(events.mail()));
        // Account lifecycle: verification, reset, email change, unlock; its emails are outbox subscribers too.
        Account account = Account.create(
                config, database.client(), users, refreshTokens, hasher, outbox, events.mail(), clock, events::wake);
        account.subscribe(events.bus());
        // Two-factor login: the password step hands over to it; its handlers complete logins through auth.
        Mfa mfa = new Mfa(
                config,
                database.client(),
                users,
                hasher,
                refreshTokens,
                outbox,
                clock,
                settings.production(),
                events::wake);
        // Auth: bearer check (revocation view synced by every instance), login, lockout, refresh, sessions.
        this.auth = Auth.create(
                config,
                database.client(),
                users,
                refreshTokens,
                hasher,
                clock,
                mfa::challenge,
                account.requireVerifiedEmail());
        UserService userService = new UserService(
                users,
                refreshTokens,
                hasher,
                clock,
                () -> {
                    auth.metrics().registered();
                    events.wake();
                },
                WelcomeEmail.inRegistration(outbox, clock).andThen(account.inRegistration()),
                DomainEvents.userChanges(outbox, clock, events::wake));
        this.userHandlers = new UserHandlers(userService);
        this.accountHandlers = account.handlers();
        this.mfaHandlers = mfa.handlers(auth.service());
        seed(config, new UserSeeder(users, userService));
        JvmMeters.register(Metrics.globalRegistry());
        events.start();
        auth.start();
        webhooks.start();
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
        routes.get("/.well-known/jwks.json", auth.handlers()::jwks);

        Handler bearer = auth.authenticator().authenticated();
        Handler admin = auth.authenticator().rolesAllowed(User.ADMIN);
        AuthHandlers authHandlers = auth.handlers();
        SessionHandlers sessionHandlers = auth.sessions();
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
        JsonObject body = Jsons.object()
                .add("service", "fluxor-enterprise")
                .add("version", build.version())
                .add("status", "ok")
                .build();
        res.send(body);
    }

    @Override
    public void close() {
        auth.close();
        events.close(); // before the pool: the message in hand finishes, the rest is released
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
