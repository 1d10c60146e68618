package fluxor.enterprise.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonException;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The one place where failures become problem+json responses. */
final class ErrorMapping {
    private static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);
    private static final System.Logger LOGGER = System.getLogger(ErrorMapping.class.getName());

    private final Routes routes;
    private final SecurityHeaders securityHeaders;

    ErrorMapping(Routes routes, SecurityHeaders securityHeaders) {
        this.routes = routes;
        this.securityHeaders = securityHeaders;
    }

    void register(HttpRouting.Builder routing) {
        routing.error(AppException.class, this::app)
                .error(NotFoundException.class, this::notFound)
                .error(
                        JsonException.class,
                        (req, res, e) -> send(
                                req,
                                res,
                                Status.BAD_REQUEST_400,
                                "malformed-json",
                                "The request body is not valid JSON."))
                .error(RequestException.class, this::request)
                .error(HttpException.class, this::http)
                .error(Exception.class, this::unexpected);
    }

    private void app(ServerRequest req, ServerResponse res, AppException e) {
        prepare(req, res);
        switch (e) {
            // RFC 6750: a 401 names the scheme; the problem body carries the rest.
            case AppException.Unauthorized u ->
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"fluxor-enterprise\"");
            case AppException.MethodNotAllowed m -> res.header(HeaderNames.ALLOW, String.join(", ", m.allowed()));
            case AppException.RetryLater r ->
                res.header(
                        HeaderNames.RETRY_AFTER,
                        String.valueOf(Math.max(1, (r.retryAfter().toMillis() + 999) / 1000)));
            default -> {}
        }
        List<FieldError> errors = e instanceof AppException.Validation v ? v.errors() : List.of();
        Problems.send(req, res, e.status(), e.type(), e.detail(), errors);
    }

    private void notFound(ServerRequest req, ServerResponse res, NotFoundException e) {
        Set<String> allowed = routes.allowedMethods(req.path().path());
        if (allowed.isEmpty() || allowed.contains(req.prologue().method().text())) {
            send(req, res, Status.NOT_FOUND_404, "not-found", "No resource at this path.");
        } else {
            app(req, res, new AppException.MethodNotAllowed(List.copyOf(allowed)));
        }
    }

    private void request(ServerRequest req, ServerResponse res, RequestException e) {
        Status status = e.status();
        if (status.code() >= 500) {
            unexpected(req, res, e);
            return;
        }
        send(
                req,
                res,
                status,
                slug(status),
                status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()
                        ? "The request body is too large."
                        : "The request could not be processed.");
    }

    private void http(ServerRequest req, ServerResponse res, HttpException e) {
        Status status = e.status();
        if (status.code() >= 500) {
            unexpected(req, res, e);
            return;
        }
        send(req, res, status, slug(status), status.reasonPhrase() + ".");
    }

    private void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        if (databaseUnreachable(e)) {
            // An outage, not a bug: one line per request instead of a stack trace, and a hint to retry.
            LOGGER.log(
                    Level.WARNING,
                    "database unreachable while serving "
                            + req.prologue().method().text() + " " + req.path().path());
            app(
                    req,
                    res,
                    AppException.RetryLater.unavailable(
                            "The database is unavailable; retry shortly.", DATABASE_RETRY_AFTER));
            return;
        }
        LOGGER.log(
                Level.ERROR,
                "unhandled exception while serving " + req.prologue().method().text() + " "
                        + req.path().path(),
                e);
        send(
                req,
                res,
                Status.INTERNAL_SERVER_ERROR_500,
                "internal",
                "An unexpected error occurred. Quote the request id when reporting it.");
    }

    /** SQLState class 08 is "connection exception"; Hikari's pool timeout is a SQLTransientConnectionException. */
    private static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || (t instanceof SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    private void send(ServerRequest req, ServerResponse res, Status status, String type, String detail) {
        prepare(req, res);
        Problems.send(req, res, status, type, detail, List.of());
    }

    // Helidon resets the response before an error handler runs, dropping what the filters set.
    private void prepare(ServerRequest req, ServerResponse res) {
        res.header(RequestId.HEADER, RequestId.of(req));
        securityHeaders.apply(res);
        EdgeHeaders.reapply(req.context(), res);
    }

    private static String slug(Status status) {
        return status.reasonPhrase().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
