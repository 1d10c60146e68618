package fluxor.enterprise.logging;

import java.util.logging.Level;

/** Maps JUL levels to the names operators know (ERROR, WARN, INFO, DEBUG, TRACE). */
final class LogLevels {
    private LogLevels() {}

    static String name(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (v >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    static Level parse(String name) {
        return switch (name.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "ERROR" -> Level.SEVERE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "DEBUG" -> Level.FINE;
            case "TRACE" -> Level.FINEST;
            case "INFO" -> Level.INFO;
            default -> Level.parse(name.trim().toUpperCase(java.util.Locale.ROOT));
        };
    }
}
