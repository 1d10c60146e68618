package fluxor.enterprise.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Writes audit events as log lines with {@code "audit": true} and an {@code event} field. */
public final class Audit {
    private static final Logger LOGGER = Logger.getLogger("fluxor.enterprise.audit");

    private Audit() {}

    /** {@code fields} alternate names and values: {@code log("user.deleted", "target_user_id", id)}. */
    public static void log(String event, String... fields) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            map.put(fields[i], fields[i + 1]);
        }
        LogRecord record = new LogRecord(Level.INFO, "audit " + event);
        record.setLoggerName(LOGGER.getName());
        record.setParameters(new Object[] {new AuditEvent(event, Map.copyOf(map))});
        LOGGER.log(record);
    }
}
