package fluxor.enterprise;

import fluxor.enterprise.events.MailSender;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole service on a real socket for one test class, on a fresh database of the given kind. New suites use it
 * instead of {@code @ServerTest} plus a copied {@code @SetUpServer}/{@code @SetUpRoute} pair per database: the contract
 * takes the kind in its constructor, each database's subclass is one line, and the server stops after the class.
 *
 * <pre>{@code
 * @TestInstance(TestInstance.Lifecycle.PER_CLASS)
 * abstract class SessionsContract {
 *     @RegisterExtension final TestServer server;
 *     SessionsContract(TestDatabases.Kind kind) { server = TestServer.start(kind, Map.of(...)); }
 * }
 * class SessionsH2Test extends SessionsContract { SessionsH2Test() { super(TestDatabases.Kind.H2); } }
 * }</pre>
 *
 * <p>Prefer it to {@code @ServerTest} also because Helidon's JUnit extension copies the server builder into a
 * listener builder and back, which doubles any protocol added in {@code @SetUpServer} (the service adds its
 * HTTP/1.1 configuration): two identical connection selectors, which close unparseable requests unanswered.
 */
public final class TestServer implements AfterAllCallback, AutoCloseable {
    private final TestApp app;
    private final WebServer server;
    private final Http1Client client;

    private TestServer(TestApp app, Consumer<App> extraRoutes) {
        this.app = app;
        WebServerConfig.Builder builder = WebServer.builder()
                .config(app.config().get("server"))
                .port(0)
                .host("127.0.0.1")
                .shutdownHook(false)
                .routing(routing -> {
                    app.routing(routing);
                    extraRoutes.accept(app.app());
                });
        app.server(builder);
        this.server = builder.build().start();
        this.client = Http1Client.builder()
                .baseUri("http://127.0.0.1:" + server.port())
                .build();
    }

    public static TestServer start(TestDatabases.Kind kind, Map<String, String> overrides) {
        return new TestServer(TestApp.on(kind, overrides), a -> {});
    }

    /** This already configured service (e.g. one whose database sits behind a test proxy). */
    public static TestServer start(TestApp app) {
        return new TestServer(app, a -> {});
    }

    /** This service, plus routes only the test has (registered through {@code app.routes()} after the app's own). */
    public static TestServer start(TestApp app, Consumer<App> extraRoutes) {
        return new TestServer(app, extraRoutes);
    }

    /** The service plus test-only routes, added through {@code App.routes()} before the routing is built. */
    public static TestServer start(TestDatabases.Kind kind, Map<String, String> overrides, Consumer<App> extraRoutes) {
        return new TestServer(TestApp.on(kind, overrides), extraRoutes);
    }

    /** The service with this mail sender (e.g. a recording one) instead of the configured one. */
    public static TestServer start(TestDatabases.Kind kind, Map<String, String> overrides, MailSender mailSender) {
        return new TestServer(TestApp.on(kind, overrides, mailSender), a -> {});
    }

    /** With this mail sender (null = the configured one) and clock, e.g. a MutableClock for expiry tests. */
    public static TestServer start(
            TestDatabases.Kind kind, Map<String, String> overrides, MailSender mailSender, Clock clock) {
        return new TestServer(TestApp.on(kind, overrides, mailSender, clock), a -> {});
    }

    public Http1Client client() {
        return client;
    }

    public ApiClient api() {
        return new ApiClient(client);
    }

    public int port() {
        return server.port();
    }

    public App app() {
        return app.app();
    }

    public TestApp testApp() {
        return app;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
        app.app().close();
    }
}
