package fluxor.enterprise.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** For humans at a terminal ({@code LOG_FORMAT=text}): the same fields, one readable line. */
final class TextLogFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        StringBuilder out = new StringBuilder(160)
                .append(Instant.ofEpochMilli(record.getMillis()))
                .append(' ')
                .append(String.format("%-5s", LogLevels.name(record.getLevel())))
                .append(' ')
                .append(record.getLoggerName())
                .append(" - ")
                .append(formatMessage(record));
        LogContext.forEach(
                (key, value) -> out.append(' ').append(key).append('=').append(value));
        AuditEvent audit = AuditEvent.of(record);
        if (audit != null) {
            out.append(" audit=true event=").append(audit.event());
            audit.fields()
                    .forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        }
        AccessEntry access = AccessEntry.of(record);
        if (access != null) {
            out.append(" status=")
                    .append(access.status())
                    .append(" bytes=")
                    .append(access.bytes())
                    .append(" duration_ms=")
                    .append(access.durationMillis());
        }
        out.append('\n');
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            out.append(trace);
        }
        return out.toString();
    }
}
