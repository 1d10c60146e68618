package fluxor.enterprise.logging;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The access log: one line per request in the same stream and format as every other line, with method, path
 * (without the query string, which may carry secrets), status, bytes, duration and the matched route template.
 * It replaces Helidon's access-log feature, whose {@code %r} includes the query string.
 */
public final class AccessLog {
    public static final String LOGGER_NAME = "fluxor.enterprise.access";
    private static final Logger LOGGER = Logger.getLogger(LOGGER_NAME);

    private AccessLog() {}

    public static void log(String method, String path, int status, long bytes, long durationNanos, String route) {
        if (!LOGGER.isLoggable(Level.INFO)) {
            return;
        }
        double millis = Math.round(durationNanos / 1_000.0) / 1_000.0;
        LogRecord record = new LogRecord(Level.INFO, method + " " + path + " " + status);
        record.setLoggerName(LOGGER_NAME);
        record.setParameters(new Object[] {new AccessEntry(method, path, status, bytes, millis, route)});
        LOGGER.log(record);
    }
}
