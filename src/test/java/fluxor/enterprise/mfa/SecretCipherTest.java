package fluxor.enterprise.mfa;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TOTP secrets at rest: AES-GCM under the key file, bound to the user, and the key file's own rules. */
class SecretCipherTest {
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void sealedSecretOpensForItsUserUnderTheSameKeyOnly() throws Exception {
        Path file = dir.resolve("mfa.key");
        SecretCipher.writeNewKey(file);
        UUID user = UUID.randomUUID();
        String sealed = SecretCipher.load(file).seal(user, SECRET);

        assertThat(sealed, startsWith("v1."));
        assertThat(SecretCipher.load(file).open(user, sealed), is(SECRET));
        // the user id is the associated data: a secret moved to another user's row does not decrypt
        assertThrows(IllegalStateException.class, () -> SecretCipher.load(file).open(UUID.randomUUID(), sealed));
        // another key (an ephemeral one after a restart) cannot read it either
        assertThrows(IllegalStateException.class, () -> SecretCipher.ephemeral().open(user, sealed));
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        SecretCipher cipher = SecretCipher.ephemeral();
        UUID user = UUID.randomUUID();
        assertThat(cipher.seal(user, SECRET), is(not(cipher.seal(user, SECRET))));
    }

    @Test
    void tamperedCiphertextIsRefused() {
        SecretCipher cipher = SecretCipher.ephemeral();
        UUID user = UUID.randomUUID();
        String sealed = cipher.seal(user, SECRET);
        char last = sealed.charAt(sealed.length() - 2);
        String tampered = sealed.substring(0, sealed.length() - 2)
                + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);
        assertThrows(IllegalStateException.class, () -> cipher.open(user, tampered));
    }

    @Test
    void keyFileIsOwnerOnlyAndNeverOverwritten() throws Exception {
        Path file = dir.resolve("mfa.key");
        SecretCipher.writeNewKey(file);
        String key = Files.readString(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), is("rw-------"));
        assertThrows(FileAlreadyExistsException.class, () -> SecretCipher.writeNewKey(file));
        assertThat(Files.readString(file), is(key));
    }

    @Test
    void aFileWithoutAKeyIsRefusedWithTheSettingNamed() throws Exception {
        Path file = dir.resolve("not-a-key");
        Files.writeString(file, "hello\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SecretCipher.load(file));
        assertThat(e.getMessage(), containsString("MFA_ENCRYPTION_KEY_FILE"));
        assertThat(e.getMessage(), containsString("mfa-keygen"));
        IllegalStateException missing =
                assertThrows(IllegalStateException.class, () -> SecretCipher.load(dir.resolve("absent")));
        assertThat(missing.getMessage(), containsString("cannot be read"));
    }
}
