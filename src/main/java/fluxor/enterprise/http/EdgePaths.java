package fluxor.enterprise.http;

/** Paths load balancers and scrapers use; edge limits never apply to them. */
final class EdgePaths {
    private EdgePaths() {}

    static boolean isOperational(String path) {
        return path.equals("/health")
                || path.startsWith("/health/")
                || path.equals("/metrics")
                || path.startsWith("/metrics/");
    }
}
