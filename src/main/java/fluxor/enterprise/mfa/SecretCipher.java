package fluxor.enterprise.mfa;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts TOTP secrets at rest: AES-256-GCM, a fresh random 96-bit nonce per encryption, and the user's id as
 * associated data, so a ciphertext copied onto another user's row does not decrypt. The key is 32 random bytes,
 * base64 in a file ({@code mfa-keygen FILE} writes one, mode 0600); without a file, an ephemeral key.
 */
final class SecretCipher {
    private static final String PREFIX = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final boolean ephemeral;

    private SecretCipher(byte[] key, boolean ephemeral) {
        this.key = new SecretKeySpec(key, "AES");
        this.ephemeral = ephemeral;
    }

    static SecretCipher ephemeral() {
        return new SecretCipher(randomKey(), true);
    }

    static SecretCipher load(Path file) {
        byte[] key;
        try {
            key = Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new IllegalStateException("mfa.encryption.key.file (MFA_ENCRYPTION_KEY_FILE) " + file
                    + " cannot be read: " + e.getClass().getSimpleName());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("mfa.encryption.key.file (MFA_ENCRYPTION_KEY_FILE) " + file
                    + " does not hold a base64 AES-256 key; create one with: fluxor-enterprise mfa-keygen FILE");
        }
        return new SecretCipher(key, false);
    }

    /** Writes a new key to {@code file}, readable by its owner only; never replaces an existing file. */
    static void writeNewKey(Path file) throws IOException {
        String text = Base64.getEncoder().encodeToString(randomKey()) + "\n";
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // created with its final mode: the key is never readable by others, not even for a moment
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    boolean isEphemeral() {
        return ephemeral;
    }

    String seal(UUID userId, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, userId, nonce, plain, 0, plain.length);
        return PREFIX
                + Base64.getEncoder()
                        .encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                                .put(nonce)
                                .put(sealed)
                                .array());
    }

    /** @throws IllegalStateException when the text was not sealed for this user under this key */
    byte[] open(UUID userId, String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown secret format");
        }
        byte[] all = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        byte[] nonce = java.util.Arrays.copyOf(all, NONCE_BYTES);
        return run(Cipher.DECRYPT_MODE, userId, nonce, all, NONCE_BYTES, all.length - NONCE_BYTES);
    }

    private byte[] run(int mode, UUID userId, byte[] nonce, byte[] data, int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(userId.toString().getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(data, offset, length);
        } catch (GeneralSecurityException e) {
            // a wrong key (e.g. an ephemeral one after a restart), another user's row, or a tampered value
            throw new IllegalStateException("the TOTP secret does not decrypt with this key", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }
}
