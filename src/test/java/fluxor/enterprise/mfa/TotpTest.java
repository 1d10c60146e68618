package fluxor.enterprise.mfa;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TOTP algorithm against RFC 6238 Appendix B, and base32 against RFC 4648 section 10. */
class TotpTest {
    /** Appendix B's SHA-1 seed: the ASCII string "12345678901234567890". */
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** Appendix B, SHA-1 rows: Unix time to the 8-digit TOTP. */
    private static final Map<Long, String> RFC6238_SHA1 = Map.of(
            59L, "94287082",
            1111111109L, "07081804",
            1111111111L, "14050471",
            1234567890L, "89005924",
            2000000000L, "69279037",
            20000000000L, "65353130");

    @Test
    void matchesTheRfc6238Sha1VectorsWithEightDigits() {
        RFC6238_SHA1.forEach((time, expected) ->
                assertThat("T=" + time, Totp.code(SEED, Totp.step(Instant.ofEpochSecond(time)), 8), is(expected)));
    }

    @Test
    void sixDigitCodesAreTheLastSixDigitsOfTheVectors() {
        RFC6238_SHA1.forEach((time, expected) -> assertThat(
                "T=" + time, Totp.code(SEED, Totp.step(Instant.ofEpochSecond(time)), 6), is(expected.substring(2))));
    }

    @Test
    void acceptsOneStepOfDriftEitherWayAndNoMore() {
        Instant now = Instant.ofEpochSecond(1111111111L);
        long step = Totp.step(now);
        for (long offset = -1; offset <= 1; offset++) {
            String code = Totp.code(SEED, step + offset, 6);
            assertThat("offset " + offset, Totp.matchingSteps(SEED, code, now), contains(step + offset));
        }
        for (long offset : new long[] {-2, 2}) {
            assertThat(
                    "offset " + offset, Totp.matchingSteps(SEED, Totp.code(SEED, step + offset, 6), now), is(empty()));
        }
    }

    @Test
    void stepsAreThirtySecondsFromTheEpoch() {
        assertThat(Totp.step(Instant.ofEpochSecond(29)), is(0L));
        assertThat(Totp.step(Instant.ofEpochSecond(30)), is(1L));
        assertThat(Totp.step(Instant.ofEpochSecond(59)), is(1L));
    }

    @Test
    void base32MatchesRfc4648WithoutPadding() {
        Map<String, String> vectors = Map.of(
                "", "",
                "f", "MY",
                "fo", "MZXQ",
                "foo", "MZXW6",
                "foob", "MZXW6YQ",
                "fooba", "MZXW6YTB",
                "foobar", "MZXW6YTBOI");
        vectors.forEach((plain, encoded) -> {
            assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII)), is(encoded));
            assertThat(new String(Base32.decode(encoded), StandardCharsets.US_ASCII), is(plain));
        });
        assertThat(new String(Base32.decode("mzxw 6ytb oi======"), StandardCharsets.US_ASCII), is("foobar"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZ1W"));
    }
}
