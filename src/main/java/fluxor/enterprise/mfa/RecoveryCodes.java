package fluxor.enterprise.mfa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recovery codes: 10 per set, each 16 characters (about 79 random bits) from an alphabet without look-alikes,
 * shown as {@code xxxx-xxxx-xxxx-xxxx}. Stored as plain SHA-256: Argon2 exists to slow down guessing of
 * human-chosen secrets, and at 79 random bits an offline search is out of reach at any hash speed, while a slow
 * salted hash would cost ten Argon2 runs per attempt (salts rule out a lookup) and hand attackers a CPU lever.
 */
final class RecoveryCodes {
    static final int COUNT = 10;
    private static final int LENGTH = 16;
    private static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {}

    static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder(LENGTH + 3);
            for (int c = 0; c < LENGTH; c++) {
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** The code as stored: lower case, without dashes and spaces; empty when it cannot be a recovery code. */
    static Optional<String> normalise(String presented) {
        String code = presented.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (code.length() != LENGTH || !code.chars().allMatch(ch -> ALPHABET.indexOf(ch) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(code);
    }

    static String hash(String normalised) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> hashes(List<String> codes) {
        return codes.stream().map(c -> hash(normalise(c).orElseThrow())).toList();
    }
}
