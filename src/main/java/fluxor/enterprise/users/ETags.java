package fluxor.enterprise.users;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strong entity tags of a user's JSON (RFC 9110 §8.8.3): {@code "<id>-<version>"}. The version grows on every
 * update, so the tag changes whenever the representation does (writers that change what the JSON shows must bump
 * {@code users.version}).
 */
final class ETags {
    private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"\\s*");

    /** A parsed If-Match or If-None-Match: {@code *}, or a list of tags (weak ones marked). */
    record Condition(boolean any, List<String> strong, List<String> weak) {
        Condition {
            strong = List.copyOf(strong);
            weak = List.copyOf(weak);
        }

        /** If-Match uses the strong comparison: a weak tag never matches. */
        boolean matchesStrongly(User user) {
            return any || strong.contains(opaque(user));
        }

        /** If-None-Match uses the weak comparison: W/ is ignored. */
        boolean matchesWeakly(User user) {
            return any || strong.contains(opaque(user)) || weak.contains(opaque(user));
        }
    }

    private ETags() {}

    static String of(User user) {
        return "\"" + opaque(user) + "\"";
    }

    private static String opaque(User user) {
        return user.id() + "-" + user.version();
    }

    /** Null when the header is absent; a malformed list matches nothing. */
    static Condition ifMatch(ServerRequest req) {
        return parse(req, HeaderNames.IF_MATCH);
    }

    static Condition ifNoneMatch(ServerRequest req) {
        return parse(req, HeaderNames.IF_NONE_MATCH);
    }

    private static Condition parse(ServerRequest req, HeaderName name) {
        if (!req.headers().contains(name)) {
            return null;
        }
        String value = String.join(",", req.headers().get(name).allValues());
        if (value.strip().equals("*")) {
            return new Condition(true, List.of(), List.of());
        }
        List<String> strong = new ArrayList<>();
        List<String> weak = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            Matcher m = TAG.matcher(item);
            if (!m.matches()) {
                return new Condition(false, List.of(), List.of());
            }
            (m.group(1) == null ? strong : weak).add(m.group(2));
        }
        return new Condition(false, strong, weak);
    }
}
