package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClientIpTest {
    @Test
    void cidrsMatchTheirRangeOnly() {
        ClientIp.Cidr ten = ClientIp.Cidr.parse("10.0.0.0/8");
        assertThat(ten.contains(ClientIp.literal("10.200.3.4")), is(true));
        assertThat(ten.contains(ClientIp.literal("11.0.0.1")), is(false));
        assertThat(ten.contains(ClientIp.literal("::1")), is(false));
        assertThat(ClientIp.Cidr.parse("192.168.1.7").contains(ClientIp.literal("192.168.1.7")), is(true));
        assertThat(ClientIp.Cidr.parse("192.168.1.7").contains(ClientIp.literal("192.168.1.8")), is(false));
        assertThat(ClientIp.Cidr.parse("fd00::/8").contains(ClientIp.literal("fd12::1")), is(true));
    }

    @Test
    void namesAndBadPrefixesAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> ClientIp.trusting("proxy.example.com"));
        assertThrows(IllegalArgumentException.class, () -> ClientIp.trusting("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> ClientIp.trusting("10.0.0.0/x"));
    }

    @Test
    void ipv6ClientsAreKeptPerSlash64() {
        assertThat(ClientIp.key(ClientIp.literal("2001:db8:1:2:aaaa::1")), is("2001:db8:1:2::/64"));
        assertThat(ClientIp.key(ClientIp.literal("2001:db8:1:2:ffff:ffff:ffff:fffe")), is("2001:db8:1:2::/64"));
        assertThat(ClientIp.key(ClientIp.literal("2001:db8:1:3::1")), is("2001:db8:1:3::/64"));
        assertThat(ClientIp.key(ClientIp.literal("192.0.2.7")), is("192.0.2.7"));
    }

    @Test
    void headerValuesAreNeverResolvedAsNames() {
        assertThat(ClientIp.literal("localhost"), is((java.net.InetAddress) null));
        assertThat(ClientIp.literal("example.com"), is((java.net.InetAddress) null));
        assertThat(ClientIp.literal("1.2.3.4").getHostAddress(), is("1.2.3.4"));
    }
}
