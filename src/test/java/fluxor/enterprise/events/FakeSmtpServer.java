package fluxor.enterprise.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough SMTP (RFC 5321) for one client at a time on 127.0.0.1: EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA,
 * RSET, NOOP, QUIT. Records each accepted message; can answer RCPT with a temporary failure.
 */
final class FakeSmtpServer implements AutoCloseable {
    record Received(String from, List<String> recipients, String data, String authUser, String authPassword) {}

    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile boolean rejectRecipients;

    FakeSmtpServer() throws IOException {
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().name("fake-smtp").daemon(true).start(this::acceptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** From now on RCPT gets "451 try again later". */
    void rejectRecipients(boolean reject) {
        rejectRecipients = reject;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(10_000);
                session(client);
            } catch (IOException e) {
                // closed, or the client went away: next
            }
        }
    }

    private void session(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        reply(out, "220 fake.test ESMTP ready");
        String from = null;
        List<String> recipients = new ArrayList<>();
        String authUser = null;
        String authPassword = null;
        String line;
        while ((line = in.readLine()) != null) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO")) {
                reply(out, "250-fake.test\r\n250-AUTH PLAIN\r\n250 8BITMIME");
            } else if (upper.startsWith("HELO")) {
                reply(out, "250 fake.test");
            } else if (upper.startsWith("AUTH PLAIN")) {
                String encoded = line.length() > "AUTH PLAIN ".length() ? line.substring("AUTH PLAIN ".length()) : null;
                if (encoded == null) {
                    reply(out, "334 ");
                    encoded = in.readLine();
                }
                String[] parts =
                        new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8).split("\0", -1);
                authUser = parts.length > 1 ? parts[1] : null;
                authPassword = parts.length > 2 ? parts[2] : null;
                reply(out, "235 2.7.0 authenticated");
            } else if (upper.startsWith("MAIL FROM:")) {
                from = line.substring("MAIL FROM:".length()).trim();
                recipients.clear();
                reply(out, "250 2.1.0 ok");
            } else if (upper.startsWith("RCPT TO:")) {
                if (rejectRecipients) {
                    reply(out, "451 4.3.0 try again later");
                } else {
                    recipients.add(line.substring("RCPT TO:".length()).trim());
                    reply(out, "250 2.1.5 ok");
                }
            } else if (upper.equals("DATA")) {
                reply(out, "354 end with <CRLF>.<CRLF>");
                StringBuilder data = new StringBuilder();
                String d;
                while ((d = in.readLine()) != null && !d.equals(".")) {
                    data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                }
                received.add(new Received(from, List.copyOf(recipients), data.toString(), authUser, authPassword));
                reply(out, "250 2.0.0 queued");
            } else if (upper.equals("RSET")) {
                from = null;
                recipients.clear();
                reply(out, "250 ok");
            } else if (upper.equals("NOOP")) {
                reply(out, "250 ok");
            } else if (upper.equals("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                reply(out, "502 5.5.2 command not implemented");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
