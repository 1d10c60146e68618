package fluxor.enterprise.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 TOTP with the parameters every authenticator app defaults to: HMAC-SHA-1, 6 digits, 30-second steps,
 * and one step of clock drift either way. No maintained TOTP library is served here, and the algorithm is a dozen
 * lines of RFC 4226 over javax.crypto; TotpTest checks it against the RFC's Appendix B vectors.
 */
final class Totp {
    static final int DIGITS = 6;
    static final long PERIOD_SECONDS = 30;
    static final int DRIFT_STEPS = 1;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    static long step(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), PERIOD_SECONDS);
    }

    /** RFC 4226 HOTP of the step counter, as a zero-padded decimal string of {@code digits} digits. */
    static String code(byte[] key, long step, int digits) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        String text = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - text.length()) + text;
    }

    /** The steps within the drift window around {@code now} whose code is {@code code}, oldest first. */
    static List<Long> matchingSteps(byte[] key, String code, Instant now) {
        byte[] presented = code.getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        List<Long> steps = new ArrayList<>(1);
        for (long s = current - DRIFT_STEPS; s <= current + DRIFT_STEPS; s++) {
            // constant time per comparison: the response time says nothing about how many digits were right
            if (MessageDigest.isEqual(code(key, s, DIGITS).getBytes(StandardCharsets.US_ASCII), presented)) {
                steps.add(s);
            }
        }
        return steps;
    }
}
