package fluxor.enterprise.logging;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Sends every log line, Helidon's access log included, to stdout in one format. */
public final class Logging {
    // Strong references: java.util.logging holds loggers weakly, so a level set on a logger nobody else holds yet
    // (Hikari and Flyway load later) would be lost to a GC before the library asks for its logger.
    private static final Logger ROOT = Logger.getLogger("");
    private static final Logger HIKARI = Logger.getLogger("com.zaxxer.hikari");
    private static final Logger FLYWAY = Logger.getLogger("org.flywaydb");
    // When the pool closes, Hikari removes its meters from Micrometer directly and Helidon's bridge WARNs once per
    // meter ("No matching neutral meter"): ten warnings on every clean shutdown, nothing an operator can act on.
    private static final Logger MICROMETER_BRIDGE =
            Logger.getLogger("io.helidon.metrics.providers.micrometer.MMeterRegistry");

    private Logging() {}

    /** Configures the root logger at {@code level}, writing to stdout in {@code format} ({@code json} or {@code text}). */
    public static void configure(String level, String format) {
        configure(level, format, System.out);
    }

    public static void configure(String level, String format, PrintStream out) {
        Formatter formatter = switch (format.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "json" -> new JsonLogFormatter();
            case "text" -> new TextLogFormatter();
            default -> throw new IllegalArgumentException("log.format must be json or text, not " + format);
        };
        Level rootLevel = LogLevels.parse(level);
        LogManager.getLogManager().reset();
        ROOT.setLevel(rootLevel);
        ROOT.addHandler(new LineHandler(out, formatter, rootLevel));
        // Libraries that are chatty at INFO about their internals.
        HIKARI.setLevel(Level.WARNING);
        FLYWAY.setLevel(Level.WARNING);
        MICROMETER_BRIDGE.setLevel(Level.SEVERE);
    }

    /** Writes each record as soon as it is logged, so a crash or SIGKILL loses nothing already logged. */
    private static final class LineHandler extends Handler {
        private final PrintStream out;

        LineHandler(PrintStream out, Formatter formatter, Level level) {
            this.out = out;
            setFormatter(formatter);
            setLevel(level);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String line;
            try {
                line = getFormatter().format(record);
            } catch (RuntimeException e) {
                line = "{\"level\":\"ERROR\",\"msg\":\"log formatting failed\"}\n";
            }
            out.print(line);
            out.flush();
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
