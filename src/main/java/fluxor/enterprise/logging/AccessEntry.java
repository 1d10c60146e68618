package fluxor.enterprise.logging;

import java.util.logging.LogRecord;

/** One served request, for the access log line: the path never includes the query string. */
record AccessEntry(String method, String path, int status, long bytes, double durationMillis, String route) {
    static AccessEntry of(LogRecord record) {
        Object[] params = record.getParameters();
        if (params != null && params.length == 1 && params[0] instanceof AccessEntry a) {
            return a;
        }
        return null;
    }
}
