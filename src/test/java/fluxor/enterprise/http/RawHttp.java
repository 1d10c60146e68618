package fluxor.enterprise.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket, for requests a well-behaved client refuses to send:
 * invalid UTF-8, bogus Content-Length, chunked bodies over the limit, headers without a body.
 */
final class RawHttp {
    private RawHttp() {}

    /** One response; header names lower-cased. Bodies are raw bytes on purpose (invalid UTF-8 cases). */
    @SuppressWarnings("ArrayRecordComponent")
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A request; {@code head} holds the request line and headers without the final blank line. */
    @SuppressWarnings("ArrayRecordComponent") // raw bytes on purpose: invalid UTF-8 and non-HTTP cases
    record Request(String head, byte[] body, boolean chunked) {
        static Request of(String method, String path, Map<String, String> headers, byte[] body, boolean chunked) {
            StringBuilder head = new StringBuilder(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null && chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (body != null && headers.keySet().stream().noneMatch("Content-Length"::equalsIgnoreCase)) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            return new Request(head.toString(), body, chunked);
        }
    }

    static Response send(int port, Request request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            if (request.head() == null) {
                out.write(request.body()); // bytes exactly as given: not even a valid request line
                out.flush();
                return read(socket.getInputStream());
            }
            out.write((request.head() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                if (request.body() != null) {
                    if (request.chunked()) {
                        int chunk = 8192;
                        for (int i = 0; i < request.body().length; i += chunk) {
                            int n = Math.min(chunk, request.body().length - i);
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            out.write(request.body(), i, n);
                            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    } else {
                        out.write(request.body());
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // The server may answer and close before reading the whole body (413): read what it said.
            }
            return read(socket.getInputStream());
        }
    }

    static Response read(InputStream in) throws IOException {
        String status = line(in);
        if (status == null || !status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length.getFirst())));
        } else if (encoding != null && encoding.getFirst().equalsIgnoreCase("chunked")) {
            for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(n));
                line(in);
            }
        } else {
            try {
                body.write(in.readAllBytes());
            } catch (SocketTimeoutException e) {
                // keep what arrived
            }
        }
        return new Response(code, headers, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
