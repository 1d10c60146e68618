package fluxor.enterprise.users;

import java.security.SecureRandom;
import java.util.UUID;

/** RFC 9562 version 7 ids: 48-bit Unix milliseconds first, so ids sort in creation order and keyset pages follow it. */
public final class UuidV7 {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.regex.Pattern CANONICAL = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private UuidV7() {}

    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long epochMillis) {
        long randA = RANDOM.nextInt(1 << 12);
        long randB = RANDOM.nextLong();
        long msb = (epochMillis << 16) | 0x7000L | randA;
        long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Parses a path id; empty when it is not a canonical UUID (a 400, not a 404). */
    public static java.util.Optional<UUID> parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(UUID.fromString(text));
    }
}
