package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTPS from a keystore made by scripts/gen-keystore: modern TLS only, HSTS, plain HTTP refused cleanly. */
class TlsTest {
    static final String PASSWORD = "test-" + UUID.randomUUID();
    static final Path KEYSTORE = generateKeystore();
    static final TestApp APP = TestApp.on(
            TestDatabases.Kind.H2, Map.of("tls.keystore", KEYSTORE.toString(), "tls.keystore.password", PASSWORD));

    @RegisterExtension
    static final TestServer SERVER = TestServer.start(APP);

    private final int port = SERVER.port();

    private static Path generateKeystore() {
        Path file = Path.of("target", "tls-test", UUID.randomUUID().toString(), "keystore.p12")
                .toAbsolutePath();
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "scripts/gen-keystore", file.toString(), PASSWORD)
                    .redirectErrorStream(true);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(file)) {
                throw new IllegalStateException("scripts/gen-keystore failed: " + output);
            }
            return file;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEYSTORE)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return (X509Certificate) store.getCertificate("fluxor");
    }

    private static SSLContext trustingTheCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("fluxor", certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Test
    void httpsWithTheGeneratedKeystoreWorks() throws Exception {
        assertHttpsWorks();
    }

    private void assertHttpsWorks() throws Exception {
        Http1Client client = Http1Client.builder()
                .baseUri("https://localhost:" + port)
                .tls(Tls.builder().trust(List.of(certificate())).build())
                .build();
        ClientResponseTyped<String> res = client.get("/").request(String.class);
        assertThat(res.status().code(), is(200));
        assertThat(res.entity(), org.hamcrest.Matchers.containsString("fluxor-enterprise"));
        assertThat(
                res.headers().first(HeaderNames.STRICT_TRANSPORT_SECURITY).orElseThrow(),
                is("max-age=31536000; includeSubDomains"));
        ClientResponseTyped<String> missing = client.get("/nope").request(String.class);
        assertThat(missing.status().code(), is(404));
        assertThat(
                missing.headers().first(HeaderNames.STRICT_TRANSPORT_SECURITY).isPresent(), is(true));
    }

    @Test
    void onlyModernProtocolsAndCiphersAreAccepted() throws Exception {
        SSLContext context = trustingTheCertificate();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol(), is("TLSv1.3"));
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            assertThat(socket.getSession().getCipherSuite(), org.hamcrest.Matchers.containsString("GCM"));
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            // a non-forward-secret or CBC suite is refused
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            assertThrows(SSLHandshakeException.class, socket::startHandshake);
        }
    }

    @Test
    void plainHttpToTheTlsPortFailsCleanly() throws Exception {
        long start = System.nanoTime();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // connection reset: also a clean refusal
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat("connection closed in " + millis + " ms, not left hanging", millis < 5000, is(true));
        assertThat(received.toString(StandardCharsets.ISO_8859_1), not(startsWith("HTTP/")));
        // and the listener is still fine afterwards
        assertHttpsWorks();
    }
}
