package fluxor.enterprise.logging;

import java.util.Map;
import java.util.logging.LogRecord;

/** A security-relevant event; its fields must never hold passwords or tokens. */
record AuditEvent(String event, Map<String, String> fields) {
    static AuditEvent of(LogRecord record) {
        Object[] params = record.getParameters();
        if (params != null && params.length == 1 && params[0] instanceof AuditEvent a) {
            return a;
        }
        return null;
    }
}
