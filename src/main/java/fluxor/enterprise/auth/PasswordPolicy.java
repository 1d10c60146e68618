package fluxor.enterprise.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Length 12–128 (code points) and not one of the bundled most-common passwords (ASVS 6.2). */
public final class PasswordPolicy {
    public static final int MIN = 12;
    public static final int MAX = 128;
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {}

    /**
     * Loads the common-password list now (App calls it at start): otherwise the first registrations race into this
     * class's initializer, and a virtual thread waiting for a class initializer pins its carrier thread.
     */
    public static int preload() {
        return COMMON.size();
    }

    /** The reason the password is refused, if it is. */
    public static Optional<String> problem(String password) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN || length > MAX) {
            return Optional.of("must be " + MIN + " to " + MAX + " characters long");
        }
        if (COMMON.contains(password.toLowerCase(Locale.ROOT))) {
            return Optional.of("is too common; choose another");
        }
        return Optional.empty();
    }

    private static Set<String> load() {
        InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt");
        if (in == null) {
            throw new IllegalStateException("common-passwords.txt missing from the module");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
