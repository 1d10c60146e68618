package fluxor.enterprise;

import fluxor.enterprise.auth.SigningKeys;
import fluxor.enterprise.config.Settings;
import fluxor.enterprise.db.Database;
import fluxor.enterprise.logging.Logging;
import fluxor.enterprise.mfa.Mfa;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Entry point: parses the command, reads config, then serves, migrates or prints keys. */
public final class Main {
    private static final System.Logger LOGGER = System.getLogger(Main.class.getName());
    private static final String USAGE = """
            Usage: fluxor-enterprise [serve | migrate | keygen [--rotate FILE] | mfa-keygen FILE | --help | --version]
              serve            run the service (default)
              migrate          apply pending database migrations and exit
              keygen           print a new JWK set with one ES256 signing key
              keygen --rotate FILE
                               add a new signing key to FILE, keeping the previous ones
              mfa-keygen FILE  write a new two-factor encryption key (MFA_ENCRYPTION_KEY_FILE) to FILE, mode 0600
            Configuration: application.yaml, -Dconfig.file=FILE, environment variables (see README).
            """;

    private Main() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs one command; returns the exit status (0 done, 1 failed, 2 usage error). {@code serve} and {@code migrate}
     * end the JVM themselves once they have started; a usage error in them is returned before.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "serve" : args[0];
        switch (command) {
            case "--help", "-h", "help" -> out.print(USAGE);
            case "--version" ->
                out.println("fluxor-enterprise " + BuildInfo.load().version());
            case "serve", "migrate" -> {
                if (args.length > 1) {
                    return fail(err, "unexpected argument: " + args[1]);
                }
                Config config = config();
                if ("serve".equals(command)) {
                    serve(config);
                } else {
                    migrate(config);
                }
            }
            case "keygen" -> {
                return keygen(args, out, err);
            }
            case "mfa-keygen" -> {
                return mfaKeygen(args, err);
            }
            default -> {
                return fail(err, "unknown command: " + command);
            }
        }
        return 0;
    }

    private static Config config() {
        Config config = Config.create();
        Config.global(config);
        Settings settings = Settings.from(config);
        Logging.configure(settings.logLevel(), settings.logFormat());
        if (!Settings.isValidEnv(settings.env())) {
            System.exit(fail(System.err, "app.env (APP_ENV) must be development or production, not " + settings.env()));
        }
        List<String> problems = Settings.productionProblems(config);
        if (settings.production() && !problems.isEmpty()) {
            problems.forEach(p -> LOGGER.log(Level.ERROR, "refusing to start in production: " + p));
            System.exit(2);
        }
        problems.forEach(p -> LOGGER.log(Level.WARNING, "development setting (refused in production): " + p));
        return config;
    }

    private static void serve(Config config) {
        App app = App.create(config);
        // A listener that dies (accept() failing) leaves a process that refuses everything: exit so it is restarted.
        WebServer server = app.start(() -> System.exit(1));
        LOGGER.log(Level.INFO, "listening on port " + server.port());
        CountDownLatch stopped = new CountDownLatch(1);
        // Our own signal handling instead of a JVM shutdown hook: the drain runs before the JVM starts exiting,
        // so logging still works and the process exits 0 after a clean drain.
        Signals.handle(
                List.of("TERM", "INT"),
                signal -> Thread.ofPlatform().name("shutdown").start(() -> {
                    LOGGER.log(Level.INFO, "SIG" + signal + " received: draining");
                    app.shutdown(server);
                    LOGGER.log(Level.INFO, "shutdown complete");
                    stopped.countDown();
                }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    private static void migrate(Config config) {
        try (Database db = Database.create(config)) {
            db.migrate();
        }
        System.exit(0);
    }

    private static int keygen(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1) {
            out.println(SigningKeys.newKeySet(List.of()));
        } else if (args.length == 3 && "--rotate".equals(args[1])) {
            try {
                JsonObject rotated = SigningKeys.rotate(Path.of(args[2]));
                err.println("fluxor-enterprise: " + args[2] + " now holds "
                        + rotated.getJsonArray("keys").size() + " keys; the new one signs");
            } catch (java.nio.file.NoSuchFileException e) {
                err.println("fluxor-enterprise: cannot rotate " + args[2] + ": no such file");
                return 1;
            } catch (IOException | RuntimeException e) {
                err.println("fluxor-enterprise: cannot rotate " + args[2] + ": " + e);
                return 1;
            }
        } else {
            return fail(err, "usage: keygen [--rotate FILE]");
        }
        return 0;
    }

    private static int mfaKeygen(String[] args, PrintStream err) {
        if (args.length != 2) {
            return fail(err, "usage: mfa-keygen FILE");
        }
        try {
            Mfa.writeNewKey(Path.of(args[1]));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            err.println("fluxor-enterprise: " + args[1] + " exists; a key file is never overwritten (secrets "
                    + "encrypted with it would become unreadable)");
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("fluxor-enterprise: cannot write " + args[1] + ": " + e);
            return 1;
        }
        err.println("fluxor-enterprise: wrote a new two-factor encryption key to " + args[1]
                + "; set MFA_ENCRYPTION_KEY_FILE to it and back it up");
        return 0;
    }

    private static int fail(PrintStream err, String message) {
        err.println("fluxor-enterprise: " + message);
        err.print(USAGE);
        return 2;
    }
}
