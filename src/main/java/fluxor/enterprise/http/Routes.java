package fluxor.enterprise.http;

import io.helidon.common.uri.UriPath;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Registers routes on Helidon's routing and remembers them, so that a known path with the wrong method gets a
 * 405 with {@code Allow} (Helidon only knows 404) and tests can compare the routes with the OpenAPI document.
 */
public final class Routes {
    /** One registered route. */
    public record Route(Method method, String path) {}

    private final HttpRouting.Builder routing;
    private final List<Route> routes = new ArrayList<>();
    private final List<PathMatcher> matchers = new ArrayList<>();

    public Routes(HttpRouting.Builder routing) {
        this.routing = routing;
    }

    public Routes get(String path, Handler... handlers) {
        return add(Method.GET, path, handlers);
    }

    public Routes post(String path, Handler... handlers) {
        return add(Method.POST, path, handlers);
    }

    public Routes patch(String path, Handler... handlers) {
        return add(Method.PATCH, path, handlers);
    }

    public Routes delete(String path, Handler... handlers) {
        return add(Method.DELETE, path, handlers);
    }

    /** Records a path served by something other than a handler here (observers, OpenAPI), for 405 answers. */
    public Routes external(Method method, String path) {
        routes.add(new Route(method, path));
        matchers.add(PathMatchers.create(path));
        return this;
    }

    private Routes add(Method method, String path, Handler... handlers) {
        // First, note which route matched (metrics and span names use its template, never the raw path).
        Route route = new Route(method, path);
        routing.route(method, path, (req, res) -> {
            req.context().register(route);
            res.next();
        });
        // Like HttpRouting.get(path, handlers...): one route per handler; a security handler passes on with next().
        for (Handler handler : handlers) {
            routing.route(method, path, handler);
        }
        return external(method, path);
    }

    /**
     * The route that served a request: the one its handlers noted, else the external route matching the path
     * exactly (observers), else empty (nothing matched: 404, 405, shed before routing).
     */
    public Optional<Route> matched(ServerRequest req) {
        Optional<Route> noted = req.context().get(Route.class);
        if (noted.isPresent()) {
            return noted;
        }
        String path = req.prologue().uriPath().path();
        Method method = req.prologue().method();
        for (Route route : routes) {
            if (route.path().equals(path)
                    && (route.method().equals(method)
                            || (Method.HEAD.equals(method) && Method.GET.equals(route.method())))) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public List<Route> all() {
        return Collections.unmodifiableList(routes);
    }

    /** Methods allowed on a path, empty when no route knows the path. */
    Set<String> allowedMethods(String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            if (matchers.get(i).match(UriPath.create(path)).accepted()) {
                allowed.add(routes.get(i).method().text());
            }
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        return allowed;
    }
}
