package fluxor.enterprise;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;

/** Small JSON-over-HTTP helper for the API tests. */
public final class ApiClient {
    /** A response with its body parsed when it is JSON. */
    public record Res(Status status, String body, io.helidon.http.ClientResponseHeaders headers) {
        public JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        public String header(String name) {
            return headers.first(HeaderNames.create(name)).orElse(null);
        }

        public String contentType() {
            return headers.contentType().map(t -> t.mediaType().text()).orElse("");
        }
    }

    /** A logged-in user. */
    public record Session(String id, String accessToken, String refreshToken) {}

    private final Http1Client client;

    public ApiClient(Http1Client client) {
        this.client = client;
    }

    public Res call(Method method, String path, String bearer, String json) {
        return call(method, path, bearer, json, Map.of());
    }

    /** With extra request headers (e.g. Idempotency-Key, If-Match, User-Agent). */
    public Res call(Method method, String path, String bearer, String json, Map<String, String> headers) {
        return send(method, path, bearer == null ? null : "Bearer " + bearer, json, headers);
    }

    public Res rawAuthorization(String path, String authorization) {
        return send(Method.GET, path, authorization, null, Map.of());
    }

    private Res send(
            Method method, String pathAndQuery, String authorization, String json, Map<String, String> headers) {
        int q = pathAndQuery.indexOf('?');
        Http1ClientRequest req = client.method(method).path(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&", -1)) {
                String[] kv = pair.split("=", 2);
                req.queryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (authorization != null) {
            req.header(HeaderNames.AUTHORIZATION, authorization);
        }
        headers.forEach((name, value) -> req.header(HeaderNames.create(name), value));
        try (Http1ClientResponse res = json == null
                ? req.request()
                : req.header(HeaderNames.CONTENT_TYPE, "application/json").submit(json)) {
            String body = res.entity().hasEntity() ? res.entity().as(String.class) : "";
            return new Res(res.status(), body, res.headers());
        }
    }

    public Res get(String path, String bearer) {
        return call(Method.GET, path, bearer, null);
    }

    public Res post(String path, String bearer, String json) {
        return call(Method.POST, path, bearer, json);
    }

    public Res patch(String path, String bearer, String json) {
        return call(Method.PATCH, path, bearer, json);
    }

    public Res delete(String path, String bearer) {
        return call(Method.DELETE, path, bearer, null);
    }

    public Res register(String email, String password, String name) {
        return post(
                "/api/v1/auth/register",
                null,
                Json.createObjectBuilder()
                        .add("email", email)
                        .add("password", password)
                        .add("name", name)
                        .build()
                        .toString());
    }

    public Res login(String email, String password) {
        return login(email, password, Map.of());
    }

    /** With extra headers, e.g. X-Forwarded-For (from a trusted proxy) and User-Agent. */
    public Res login(String email, String password, Map<String, String> headers) {
        return call(
                Method.POST,
                "/api/v1/auth/login",
                null,
                Json.createObjectBuilder()
                        .add("email", email)
                        .add("password", password)
                        .build()
                        .toString(),
                headers);
    }

    public Res refresh(String refreshToken) {
        return post(
                "/api/v1/auth/refresh",
                null,
                Json.createObjectBuilder()
                        .add("refresh_token", refreshToken)
                        .build()
                        .toString());
    }

    /** Registers (201 expected) and logs in (200 expected). */
    public Session signUp(String email, String password) {
        Res reg = register(email, password, "Test " + email);
        assertThat(reg.body(), reg.status(), is(Status.CREATED_201));
        return session(reg.json().getString("id"), email, password);
    }

    public Session session(String id, String email, String password) {
        Res login = login(email, password);
        assertThat(login.body(), login.status(), is(Status.OK_200));
        return new Session(
                id, login.json().getString("access_token"), login.json().getString("refresh_token"));
    }
}
