package fluxor.enterprise.users;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {
    /** Byte order, as PostgreSQL and H2 compare UUIDs (UUID.compareTo is signed, so unusable here). */
    static int unsignedCompare(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    @Test
    void carriesVersion7VariantAndTheMillisecondTimestamp() {
        UUID id = UuidV7.at(1_700_000_000_123L);
        assertThat(id.version(), is(7));
        assertThat(id.variant(), is(2));
        assertThat(id.getMostSignificantBits() >>> 16, is(1_700_000_000_123L));
    }

    @Test
    void laterMillisecondsSortLater() {
        List<UUID> ids = new ArrayList<>();
        for (long ms = 1_700_000_000_000L; ms < 1_700_000_000_050L; ms++) {
            ids.add(UuidV7.at(ms));
        }
        List<UUID> sorted = new ArrayList<>(ids);
        sorted.sort(UuidV7Test::unsignedCompare);
        assertThat(sorted, is(ids));
    }

    @Test
    void parseAcceptsOnlyCanonicalUuids() {
        assertThat(UuidV7.parse("01a21e51-86fe-71e1-a58e-52141415d9ee").isPresent(), is(true));
        assertThat(UuidV7.parse("1-1-1-1-1").isPresent(), is(false));
        assertThat(UuidV7.parse("' OR 1=1 --").isPresent(), is(false));
    }
}
