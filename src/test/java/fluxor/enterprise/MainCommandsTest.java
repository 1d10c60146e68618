package fluxor.enterprise;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an operator uses it: what each command prints, and its exit status. */
class MainCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void helpPrintsUsageOnStdoutAndSucceeds() {
        for (String help : List.of("--help", "-h", "help")) {
            out.reset();
            assertThat(run(help), is(0));
            assertThat(out(), startsWith("Usage: fluxor-enterprise [serve | migrate | keygen"));
            assertThat(err(), is(""));
        }
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertThat(run("--version"), is(0));
        assertThat(out(), startsWith("fluxor-enterprise "));
        assertThat(out().strip().length() > "fluxor-enterprise ".length(), is(true));
    }

    @Test
    void unknownCommandIsAUsageErrorWithStatus2() {
        assertThat(run("frobnicate"), is(2));
        assertThat(err(), startsWith("fluxor-enterprise: unknown command: frobnicate\nUsage: "));
        assertThat(out(), is(""));
    }

    @Test
    void serveAndMigrateTakeNoArgumentsAndRefuseBeforeReadingConfig() {
        assertThat(run("serve", "--port=80"), is(2));
        assertThat(err(), startsWith("fluxor-enterprise: unexpected argument: --port=80\n"));
        err.reset();
        assertThat(run("migrate", "now"), is(2));
        assertThat(err(), startsWith("fluxor-enterprise: unexpected argument: now\n"));
    }

    @Test
    void keygenPrintsANewPrivateKeySet() {
        assertThat(run("keygen"), is(0));
        JsonObject set = json(out());
        assertThat(set.getJsonArray("keys").size(), is(1));
        assertThat(set.getJsonArray("keys").getJsonObject(0).getString("alg"), is("ES256"));
    }

    @Test
    void keygenRotateAddsANewSigningKeyAndKeepsTheOldOnes(@TempDir Path dir) throws Exception {
        assertThat(run("keygen"), is(0));
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, out(), StandardCharsets.UTF_8);
        String oldKid = json(out()).getJsonArray("keys").getJsonObject(0).getString("kid");

        assertThat(run("keygen", "--rotate", file.toString()), is(0));
        assertThat(err(), is("fluxor-enterprise: " + file + " now holds 2 keys; the new one signs\n"));
        JsonObject rotated = json(Files.readString(file));
        assertThat(rotated.getJsonArray("keys").size(), is(2));
        assertThat(rotated.getJsonArray("keys").getJsonObject(1).getString("kid"), is(oldKid));
    }

    @Test
    void keygenRotateOfAMissingOrBrokenFileFailsWithStatus1(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.json");
        assertThat(run("keygen", "--rotate", missing.toString()), is(1));
        assertThat(err(), is("fluxor-enterprise: cannot rotate " + missing + ": no such file\n"));

        err.reset();
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"keys\": 42}");
        assertThat(run("keygen", "--rotate", broken.toString()), is(1));
        assertThat(err(), startsWith("fluxor-enterprise: cannot rotate " + broken + ": "));
        assertThat("the file is left as it was", Files.readString(broken), is("{\"keys\": 42}"));
    }

    @Test
    void keygenWithWrongArgumentsIsAUsageError() {
        assertThat(run("keygen", "--rotate"), is(2));
        assertThat(err(), containsString("usage: keygen [--rotate FILE]"));
    }

    @Test
    void mfaKeygenWritesAnOwnerOnlyKeyAndNeverOverwritesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mfa.key");
        assertThat(run("mfa-keygen", file.toString()), is(0));
        assertThat(err(), containsString("wrote a new two-factor encryption key to " + file));
        String key = Files.readString(file).trim();
        assertThat(java.util.Base64.getDecoder().decode(key).length, is(32));
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                is("rw-------"));

        err.reset();
        assertThat(run("mfa-keygen", file.toString()), is(1));
        assertThat(err(), containsString("exists; a key file is never overwritten"));
        assertThat(Files.readString(file).trim(), is(key));
        assertThat(run("mfa-keygen"), is(2));
    }
}
