package fluxor.enterprise.server;

import io.helidon.webserver.WebServer;

/**
 * The baseline for scripts/connection-drills.py's load drill: Helidon 4.1.2 with its defaults and one plain-text
 * route, none of the service's filters, limits, metrics or logging. Argument: the port (0 = any free one).
 */
public final class BareServer {
    private BareServer() {}

    public static void main(String[] args) {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(args.length > 0 ? Integer.parseInt(args[0]) : 0)
                .routing(r -> r.get("/", (req, res) -> res.send("ok")))
                .build()
                .start();
        System.out.println("listening on port " + server.port());
    }
}
