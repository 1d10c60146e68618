package fluxor.enterprise.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.RoutingRequest;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who the client is, for per-client limits. The TCP peer, unless the peer is one of the configured trusted
 * proxies: then {@code X-Forwarded-For} is read from the right, skipping trusted hops, and the first untrusted
 * address is the client. A spoofed header from an untrusted peer changes nothing.
 */
final class ClientIp {
    private static final HeaderName X_FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");
    // Literal IPv4/IPv6 addresses only: never resolve names from a header.
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9]+)?");

    private final List<Cidr> trusted;

    private ClientIp(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** Comma-separated IPs and CIDRs (e.g. {@code 10.0.0.0/8, 127.0.0.1, ::1}); blank means none. */
    static ClientIp trusting(String proxies) {
        List<Cidr> list = new ArrayList<>();
        if (proxies != null) {
            for (String item : proxies.split(",", -1)) {
                String s = item.trim();
                if (!s.isEmpty()) {
                    list.add(Cidr.parse(s));
                }
            }
        }
        return new ClientIp(list);
    }

    boolean trustsProxies() {
        return !trusted.isEmpty();
    }

    /** The client's rate-limit identity: an IPv4 address or an IPv6 /64 (see {@link #key}). */
    String of(RoutingRequest req) {
        InetAddress client = client(req);
        return client == null ? "unknown" : key(client);
    }

    /** The client's address as the edge resolved it; null when the peer is not an IP socket. */
    InetAddress client(RoutingRequest req) {
        InetAddress peer = peer(req.remotePeer().address());
        if (peer == null) {
            return null;
        }
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        req.headers().all(X_FORWARDED_FOR, List::of).forEach(line -> {
            for (String hop : line.split(",", -1)) {
                hops.add(hop.trim());
            }
        });
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                break; // garbage from further left cannot be believed: the last good hop is the client
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return client;
    }

    /**
     * The identity limits are kept per: the IPv4 address, or the IPv6 /64 network (one subscriber usually holds a
     * whole /64, so per-address IPv6 buckets would be free to multiply).
     */
    static String key(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                    .append(':');
        }
        return prefix.append(":/64").toString();
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress peer(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    static InetAddress literal(String text) {
        if (text.isEmpty()
                || !IP_LITERAL.matcher(text).matches()
                || !(text.indexOf(':') >= 0 || Character.isDigit(text.charAt(0)))) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }

    // Package-private value compared by prefix matching only; its array never leaves ClientIp.
    @SuppressWarnings("ArrayRecordComponent")
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String ip = slash < 0 ? text : text.substring(0, slash);
            InetAddress address = literal(ip);
            if (address == null) {
                throw new IllegalArgumentException(
                        "trusted.proxies (TRUSTED_PROXIES): not an IP address or CIDR: " + text);
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("trusted.proxies (TRUSTED_PROXIES): bad prefix length in " + text);
            }
            return new Cidr(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            BigInteger mask =
                    BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(network.length * 8 - prefix);
            return new BigInteger(1, candidate).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
