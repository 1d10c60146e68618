package fluxor.enterprise.http;

import io.helidon.common.tls.Tls;
import io.helidon.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * HTTPS from a PKCS#12 keystore ({@code tls.keystore}, {@code tls.keystore.password}): TLS 1.3 and 1.2 only,
 * forward-secret AEAD cipher suites only. Unset keystore: plain HTTP.
 */
final class TlsSetup {
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> CIPHERS = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsSetup() {}

    static Optional<Tls> from(Config config) {
        Optional<String> keystore =
                config.get("tls.keystore").asString().map(String::trim).filter(s -> !s.isEmpty());
        if (keystore.isEmpty()) {
            return Optional.empty();
        }
        char[] password =
                config.get("tls.keystore.password").asString().orElse("").toCharArray();
        Path path = Path.of(keystore.get());
        KeyStore store;
        try (InputStream in = Files.newInputStream(path)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "tls.keystore (TLS_KEYSTORE): cannot read PKCS#12 keystore " + path
                            + " with tls.keystore.password (TLS_KEYSTORE_PASSWORD): " + e.getMessage(),
                    e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, password);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return Optional.of(Tls.builder()
                            .privateKey(key)
                            .privateKeyCertChain(chain)
                            .enabledProtocols(PROTOCOLS)
                            .enabledCipherSuites(CIPHERS)
                            .build());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "tls.keystore (TLS_KEYSTORE): cannot read the private key: " + e.getMessage(), e);
        }
        throw new IllegalStateException("tls.keystore (TLS_KEYSTORE): " + path + " holds no private key");
    }
}
