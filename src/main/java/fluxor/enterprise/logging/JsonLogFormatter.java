package fluxor.enterprise.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** One JSON object per line, with the request, trace and user the line was logged for. */
final class JsonLogFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        StringBuilder out = new StringBuilder(256).append('{');
        field(out, "ts", Instant.ofEpochMilli(record.getMillis()).toString());
        field(out, "level", LogLevels.name(record.getLevel()));
        field(out, "logger", record.getLoggerName());
        // access and audit lines carry their data as a parameter: never run their text through MessageFormat
        field(
                out,
                "msg",
                record.getParameters() != null
                                && record.getParameters().length == 1
                                && (AccessEntry.of(record) != null || AuditEvent.of(record) != null)
                        ? record.getMessage()
                        : formatMessage(record));
        LogContext.forEach((key, value) -> field(out, key, value));
        AuditEvent audit = AuditEvent.of(record);
        if (audit != null) {
            out.append(",\"audit\":true");
            field(out, "event", audit.event());
            for (Map.Entry<String, String> e : audit.fields().entrySet()) {
                field(out, e.getKey(), e.getValue());
            }
        }
        AccessEntry access = AccessEntry.of(record);
        if (access != null) {
            field(out, "method", access.method());
            field(out, "path", access.path());
            number(out, "status", access.status());
            number(out, "bytes", access.bytes());
            out.append(",\"duration_ms\":").append(access.durationMillis());
            field(out, "route", access.route());
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            field(out, "error", trace.toString());
        }
        return out.append("}\n").toString();
    }

    private static void number(StringBuilder out, String key, long value) {
        out.append(",\"").append(key).append("\":").append(value);
    }

    private static void field(StringBuilder out, String key, String value) {
        if (value == null) {
            return;
        }
        if (out.length() > 1) {
            out.append(',');
        }
        out.append('"').append(key).append("\":\"");
        escape(out, value);
        out.append('"');
    }

    static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
