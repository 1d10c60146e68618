package fluxor.enterprise.http;

/**
 * ASCII-only case folding for protocol tokens (scheme, host, origin, media type, header names), the way HTTP
 * defines case-insensitivity (RFC 9110): unlike {@link String#toLowerCase} and {@link String#equalsIgnoreCase},
 * a non-ASCII letter never folds onto an ASCII one (e.g. KELVIN SIGN onto {@code k}, dotless i onto {@code i}),
 * so an allow-list cannot be matched by a look-alike.
 */
final class Ascii {
    private Ascii() {}

    static String lower(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return out == null ? s : out.toString();
    }

    static boolean equalsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (lower(a.charAt(i)) != lower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
