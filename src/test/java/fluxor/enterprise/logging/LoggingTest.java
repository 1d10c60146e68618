package fluxor.enterprise.logging;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.logging.common.HelidonMdc;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What operators see on stdout: JSON or text lines, levels by their usual names, context, audit and errors. */
class LoggingTest {
    // held strongly: java.util.logging keeps loggers weakly
    private static final Logger LOG = Logger.getLogger("fluxor.enterprise.test");
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @AfterEach
    void clearContext() {
        HelidonMdc.remove("request_id");
        HelidonMdc.remove("user_id");
    }

    private List<String> lines() {
        // every line ends with a newline: the part after the last one is empty, not a line
        List<String> parts = List.of(bytes.toString(StandardCharsets.UTF_8).split("\n", -1));
        return parts.subList(0, parts.size() - 1);
    }

    private static JsonObject json(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }

    @Test
    void jsonFormatWritesOneParsableObjectPerLineWithTheMessageIntact() {
        Logging.configure("info", "json", out);
        String message = "quote \" backslash \\ newline\nreturn\r tab\t bell\u0007 unicode é";
        LOG.warning(message);

        List<String> lines = lines();
        assertThat(lines, hasSize(1));
        assertThat("control characters are escaped, not written raw", lines.getFirst(), not(containsString("\u0007")));
        JsonObject line = json(lines.getFirst());
        assertThat(line.getString("msg"), is(message));
        assertThat(line.getString("level"), is("WARN"));
        assertThat(line.getString("logger"), is("fluxor.enterprise.test"));
        assertThat(line.getString("ts"), matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
    }

    @Test
    void jsonLinesCarryTheRequestAndUserTheyWereLoggedFor() {
        Logging.configure("INFO", " JSON ", out);
        HelidonMdc.set("request_id", "req-123");
        HelidonMdc.set("user_id", "user-7");
        LOG.info("handled");

        JsonObject line = json(lines().getFirst());
        assertThat(line.getString("request_id"), is("req-123"));
        assertThat(line.getString("user_id"), is("user-7"));
        assertThat("no trace outside a span", line.containsKey("trace_id"), is(false));
    }

    @Test
    void auditEventsAreMarkedWithTheirEventAndFields() {
        Logging.configure("info", "json", out);
        Audit.log("user.deleted", "target_user_id", "42", "actor", "admin");

        JsonObject line = json(lines().getFirst());
        assertThat(line.getBoolean("audit"), is(true));
        assertThat(line.getString("event"), is("user.deleted"));
        assertThat(line.getString("target_user_id"), is("42"));
        assertThat(line.getString("actor"), is("admin"));
        assertThat(line.getString("logger"), is("fluxor.enterprise.audit"));
    }

    @Test
    void jsonLineIncludesTheStackTraceOfALoggedException() {
        Logging.configure("info", "json", out);
        LOG.log(Level.SEVERE, "it broke", new IllegalStateException("disk on fire"));

        List<String> lines = lines();
        assertThat("the trace stays inside the one line", lines, hasSize(1));
        JsonObject line = json(lines.getFirst());
        assertThat(line.getString("level"), is("ERROR"));
        assertThat(line.getString("error"), containsString("java.lang.IllegalStateException: disk on fire"));
        assertThat(line.getString("error"), containsString("at fluxor.enterprise.logging.LoggingTest"));
    }

    @Test
    void textFormatIsOneReadableLineWithContextAndAudit() {
        Logging.configure("info", "text", out);
        HelidonMdc.set("request_id", "req-9");
        LOG.info("started");
        Audit.log("token.reuse", "user_id", "u1");

        List<String> lines = lines();
        assertThat(lines, hasSize(2));
        assertThat(lines.get(0), matchesPattern("\\S+Z INFO  fluxor\\.enterprise\\.test - started request_id=req-9"));
        assertThat(
                lines.get(1),
                containsString(" - audit token.reuse request_id=req-9 audit=true event=token.reuse" + " user_id=u1"));
    }

    @Test
    void textFormatPrintsTheStackTraceAfterTheLine() {
        Logging.configure("info", "text", out);
        LOG.log(Level.WARNING, "retrying", new java.io.IOException("connection reset"));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(
                text,
                matchesPattern("(?s)\\S+Z WARN  fluxor\\.enterprise\\.test - retrying\n"
                        + "java\\.io\\.IOException: connection reset\n\\s+at .*"));
    }

    @Test
    void levelFiltersAndNamesFollowTheOperatorsVocabulary() {
        Logging.configure("warn", "json", out);
        LOG.info("hidden");
        LOG.warning("shown");
        assertThat(lines(), hasSize(1));
        assertThat(json(lines().getFirst()).getString("msg"), is("shown"));

        bytes.reset();
        Logging.configure("trace", "json", out);
        LOG.setLevel(Level.ALL);
        try {
            LOG.fine("fine");
            LOG.finest("finest");
            LOG.severe("severe");
        } finally {
            LOG.setLevel(null);
        }
        assertThat(
                lines().stream().map(l -> json(l).getString("level")).toList(), is(List.of("DEBUG", "TRACE", "ERROR")));
    }

    @Test
    void levelNamesAcceptTheUsualSpellingsAndJulNames() {
        assertThat(LogLevels.parse(" error "), is(Level.SEVERE));
        assertThat(LogLevels.parse("Warning"), is(Level.WARNING));
        assertThat(LogLevels.parse("debug"), is(Level.FINE));
        assertThat(LogLevels.parse("TRACE"), is(Level.FINEST));
        assertThat(LogLevels.parse("info"), is(Level.INFO));
        assertThat("a JUL level name still works", LogLevels.parse("config"), is(Level.CONFIG));
        assertThrows(IllegalArgumentException.class, () -> LogLevels.parse("loud"));
    }

    @Test
    void unknownFormatIsRefusedWithTheAllowedValues() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Logging.configure("info", "xml", out));
        assertThat(e.getMessage(), is("log.format must be json or text, not xml"));
    }
}
