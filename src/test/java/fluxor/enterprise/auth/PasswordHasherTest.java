package fluxor.enterprise.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void producesArgon2idPhcStringsWithOwaspParametersAndRandomSalt() {
        String a = hasher.hash("a decent passphrase");
        assertThat(a, startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        assertThat(hasher.hash("a decent passphrase"), not(is(a)));
    }

    @Test
    void checksTheRightPasswordOnlyAndNeedsNoRehashWithCurrentParameters() {
        String phc = hasher.hash("a decent passphrase");
        PasswordHasher.Check ok = hasher.check("a decent passphrase", phc);
        assertThat(ok.matches(), is(true));
        assertThat(ok.rehash(), nullValue());
        assertThat(hasher.check("a decent passphrasE", phc).matches(), is(false));
        assertThat(hasher.check("anything", "not a phc string").matches(), is(false));
    }

    @Test
    void rehashesWithCurrentParametersWhenTheStoredHashIsOutdated() {
        PasswordHasher old = new PasswordHasher(4096, 1, 1, 1);
        String outdated = old.hash("a decent passphrase");
        assertThat(outdated, startsWith("$argon2id$v=19$m=4096,t=1,p=1$"));
        PasswordHasher.Check check = hasher.check("a decent passphrase", outdated);
        assertThat(check.matches(), is(true));
        assertThat(check.rehash(), notNullValue());
        assertThat(check.rehash(), startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        assertThat(hasher.check("a decent passphrase", check.rehash()).matches(), is(true));
        assertThat(
                "no rehash for a wrong password",
                hasher.check("wrong", outdated).rehash(),
                nullValue());
    }
}
