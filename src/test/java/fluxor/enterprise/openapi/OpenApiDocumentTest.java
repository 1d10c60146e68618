package fluxor.enterprise.openapi;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** openapi.yaml is valid OpenAPI 3, served at /openapi, and describes exactly the routes the service registers. */
class OpenApiDocumentTest {
    private static final TestApp APP = TestApp.on(TestDatabases.Kind.H2);

    @RegisterExtension
    static final TestServer SERVER = TestServer.start(APP);

    private final Http1Client client = SERVER.client();

    @Test
    void documentIsValidOpenApi3() {
        SwaggerParseResult result = parse();
        assertThat(result.getMessages(), is(empty()));
        assertThat(result.getOpenAPI().getOpenapi(), startsWith("3."));
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteIsRegistered() {
        Set<String> routed = new TreeSet<>();
        APP.app().routes().all().forEach(r -> routed.add(r.method().text() + " " + r.path()));
        Set<String> documented = new TreeSet<>();
        parse().getOpenAPI()
                .getPaths()
                .forEach((path, item) ->
                        item.readOperationsMap().keySet().forEach(m -> documented.add(m.name() + " " + path)));

        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documented);
        Set<String> notRouted = new TreeSet<>(documented);
        notRouted.removeAll(routed);
        assertThat("routed but not in openapi.yaml", undocumented, is(empty()));
        assertThat("in openapi.yaml but not routed", notRouted, is(empty()));
    }

    @Test
    void everyErrorResponseIsAProblem() {
        OpenAPI api = parse(true).getOpenAPI();
        List<String> bad = new java.util.ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            if (path.getKey().startsWith("/health")) {
                continue; // health answers 503 with its own report, by design
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> op :
                    path.getValue().readOperationsMap().entrySet()) {
                for (Map.Entry<String, ApiResponse> res :
                        op.getValue().getResponses().entrySet()) {
                    if (res.getKey().startsWith("4") || res.getKey().startsWith("5")) {
                        if (res.getValue().getContent() == null
                                || !res.getValue().getContent().containsKey("application/problem+json")) {
                            bad.add(op.getKey() + " " + path.getKey() + " " + res.getKey());
                        }
                    }
                }
            }
        }
        assertThat(bad, is(empty()));
    }

    @Test
    void servedAtOpenapi() {
        ClientResponseTyped<String> res = client.get("/openapi").request(String.class);
        assertThat(res.status(), is(Status.OK_200));
        assertThat(res.entity(), containsString("/api/v1/users/{id}"));
        assertThat(res.entity(), containsString("title: Fluxor Enterprise"));
        assertThat(
                client.method(Method.GET)
                        .path("/openapi")
                        .header(io.helidon.http.HeaderNames.ACCEPT, "application/json")
                        .request(String.class)
                        .entity(),
                containsString("\"openapi\""));
    }

    private static SwaggerParseResult parse() {
        return parse(false);
    }

    private static SwaggerParseResult parse(boolean inlineReferences) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(inlineReferences);
        return new OpenAPIV3Parser().readContents(document(), null, options);
    }

    private static String document() {
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
