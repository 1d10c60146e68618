package fluxor.enterprise.webhooks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One POST of a delivery, with the JDK's HTTP client: connect and read timeouts, redirects never followed (a 3xx
 * is a failure: the operator should fix the URL), only a 2xx counts as delivered. The response body is ignored.
 */
final class WebhookSender {
    /** The outcome of an attempt: the HTTP status (0 = none came back) and, unless delivered, why not. */
    record Result(int status, String error) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final Duration connectTimeout;
    private final Duration readTimeout;
    // Built at the first delivery: building it loads the JDK's trust store (~0.2 s of CPU at start-up otherwise).
    private volatile HttpClient client;

    WebhookSender(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = HttpClient.newBuilder()
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                    client = built;
                }
            }
        }
        return built;
    }

    Result send(WebhookEndpoint endpoint, String id, long timestamp, String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.url())
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "fluxor-enterprise-webhooks")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.signature(endpoint.keys(), id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            int status = client().send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            return new Result(status, status >= 200 && status < 300 ? "" : "HTTP " + status);
        } catch (HttpTimeoutException e) {
            return new Result(0, "timed out: " + e.getMessage());
        } catch (IOException e) {
            return new Result(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(0, "interrupted (shutting down)");
        }
    }
}
