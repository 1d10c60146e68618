package fluxor.enterprise;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects audit lines ("event" plus its fields, as text) written while a test runs. */
public final class AuditCapture extends Handler {
    private static final Logger AUDIT = Logger.getLogger("fluxor.enterprise.audit");
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public static AuditCapture start() {
        AuditCapture capture = new AuditCapture();
        AUDIT.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        Object[] params = record.getParameters();
        lines.add(record.getMessage() + " " + (params == null || params.length == 0 ? "" : params[0]));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public List<String> events(String event) {
        return lines.stream().filter(l -> l.startsWith("audit " + event + " ")).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        AUDIT.removeHandler(this);
    }
}
