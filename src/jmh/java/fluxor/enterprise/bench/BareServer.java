package fluxor.enterprise.bench;

import io.helidon.webserver.WebServer;

/**
 * The benchmark's baseline: a bare Helidon 4.1.2 server with one plain-text route and nothing else (no filters,
 * observers, logging or database). scripts/bench starts it with the same JVM and flags as the service.
 * Usage: BareServer PORT
 */
public final class BareServer {
    private BareServer() {}

    public static void main(String[] args) {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .routing(r -> r.get("/", (req, res) -> res.send("ok")))
                .build()
                .start();
        System.out.println("listening on port " + server.port());
    }
}
