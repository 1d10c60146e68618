package fluxor.enterprise;

import fluxor.enterprise.auth.AuthHandlers;
import fluxor.enterprise.auth.AuthMetrics;
import fluxor.enterprise.auth.AuthService;
import fluxor.enterprise.auth.Authenticator;
import fluxor.enterprise.auth.JwtSettings;
import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.PasswordPolicy;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.auth.SigningKeys;
import fluxor.enterprise.auth.TokenIssuer;
import fluxor.enterprise.config.Settings;
import fluxor.enterprise.db.Database;
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
import fluxor.enterprise.observability.HttpMetrics;
import fluxor.enterprise.observability.JvmMeters;
import fluxor.enterprise.observability.Telemetry;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserHandlers;
import fluxor.enterprise.users.UserRepository;
import fluxor.enterprise.users.UserSeeder;
import fluxor.enterprise.users.UserService;
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
    private final OutboxWorker outboxWorker;
    private Routes routes;

    /** The service; a null {@code mailSender} means the configured one (SMTP when smtp.host is set, else log). */
    private App(Config config, MailSender mailSender) {
        this.config = config;
        // First: the tracer must be global before the DbClient or the server ask for one.
        this.telemetry = Telemetry.install(config);
        this.settings = Settings.from(config);
        this.build = BuildInfo.load();
        this.database = Database.create(config);
        database.migrate();
        this.health = new Health(config).database(database.client(), database::migrated);
        this.edge = new HttpEdge(config, settings.hsts());
        edge.closeConnectionsWhen(health::draining);
        health.add(edge.rateLimitCheck());
        LOGGER.log(System.Logger.Level.DEBUG, "common passwords refused: " + PasswordPolicy.preload());

        Clock clock = Clock.systemUTC();
        JwtSettings jwt = JwtSettings.from(config);
        this.signingKeys = SigningKeys.load(jwt.keyFile());
        this.authenticator = new Authenticator(signingKeys, jwt, clock, 100_000);
        PasswordHasher hasher = new PasswordHasher();
        UserRepository users = new UserRepository(database.client());
        RefreshTokenRepository refreshTokens = new RefreshTokenRepository(database.client());
        AuthMetrics authMetrics = new AuthMetrics();
        // Events: registration writes its outbox row in the user's transaction; the worker delivers it afterwards.
        MailSender mail =
                mailSender != null ? mailSender : MailSettings.from(config).sender();
        Outbox outbox = new Outbox(database.client());
        EventBus bus = new EventBus().subscribe(WelcomeEmail.EVENT, new WelcomeEmail(mail));
        this.outboxWorker = new OutboxWorker(outbox, bus, OutboxSettings.from(config), clock, new OutboxMetrics());
        OutboxMetrics.registerBacklog(() -> outboxWorker.stats().pending());
        health.add(new OutboxHealthCheck(outboxWorker, mail));
        UserService userService = new UserService(
                users,
                refreshTokens,
                hasher,
                clock,
                () -> {
                    authMetrics.registered();
                    outboxWorker.wake(); // committed: deliver now rather than at the next poll
                },
                WelcomeEmail.inRegistration(outbox, clock));
        AuthService authService = new AuthService(
                users, refreshTokens, hasher, new TokenIssuer(signingKeys, jwt, clock), jwt, clock, authMetrics);
        this.userHandlers = new UserHandlers(userService);
        this.authHandlers = new AuthHandlers(authService, signingKeys);
        seed(config, new UserSeeder(users, userService));
        JvmMeters.register(Metrics.globalRegistry());
        outboxWorker.start();
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
        return new App(config, null);
    }

    /** Tests: the same service with this mail sender instead of the configured one. */
    public static App create(Config config, MailSender mailSender) {
        return new App(config, java.util.Objects.requireNonNull(mailSender, "mailSender"));
    }

    /** Every route of the service. */
    public void routing(HttpRouting.Builder routing) {
        routes = new Routes(routing);
        // Outermost: sees every request, shed and failed ones included, and writes the access log line.
        routing.addFilter(new HttpMetrics(routes).filter());
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
        routes.post("/api/v1/auth/register", userHandlers::register)
                .post("/api/v1/auth/login", authHandlers::login)
                .post("/api/v1/auth/refresh", authHandlers::refresh)
                .post("/api/v1/auth/logout", bearer, authHandlers::logout);
        routes.get("/api/v1/users/me", bearer, userHandlers::me)
                .get("/api/v1/users", admin, userHandlers::list)
                .get("/api/v1/users/{id}", bearer, userHandlers::get)
                .patch("/api/v1/users/{id}", bearer, userHandlers::patch)
                .delete("/api/v1/users/{id}", admin, userHandlers::delete);
    }

    /** Server-level features: health, metrics and tracing observers. */
    public void server(WebServerConfig.Builder server) {
        server.addFeature(health.feature(config));
        server.addFeature(authenticator.feature());
        edge.server(server);
    }

    public WebServer start() {
        WebServerConfig.Builder server = WebServer.builder()
                .config(config.get("server"))
                // Main drains on SIGTERM itself, in order; Helidon's hook would race with it.
                .shutdownHook(false)
                .routing(this::routing);
        server(server);
        return server.build().start();
    }

    /**
     * Readiness turns DOWN, the listener closes, in-flight requests finish (grace period), the outbox worker
     * finishes its message in hand, the pool closes.
     */
    public void shutdown(WebServer server) {
        health.startDraining();
        sleep(settings.drainDelay().toMillis());
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
        outboxWorker.close(); // before the pool: the message in hand finishes, the rest is released
        edge.close();
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
