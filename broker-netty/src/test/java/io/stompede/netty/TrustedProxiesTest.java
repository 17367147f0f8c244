package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a list of trusted proxies covers: single addresses and CIDR ranges, IPv4 and IPv6. */
class TrustedProxiesTest {
    private static InetAddress ip(String literal) {
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(literal);
        assertThat(address).as(literal).isNotNull();
        return address;
    }

    private static boolean trusts(List<String> entries, String address) {
        return TrustedProxies.parse(entries).contains(ip(address));
    }

    @Test
    void aSingleIpv4AddressTrustsExactlyThatAddress() {
        assertThat(trusts(List.of("10.0.0.7"), "10.0.0.7")).isTrue();
        assertThat(trusts(List.of("10.0.0.7"), "10.0.0.8")).isFalse();
        assertThat(trusts(List.of("10.0.0.7/32"), "10.0.0.7")).isTrue();
    }

    @Test
    void ipv4RangesMatchOnTheirPrefixEvenOffByteBoundaries() {
        assertThat(trusts(List.of("10.0.0.0/8"), "10.255.1.2")).isTrue();
        assertThat(trusts(List.of("10.0.0.0/8"), "11.0.0.1")).isFalse();
        assertThat(trusts(List.of("192.168.4.0/22"), "192.168.7.255")).isTrue();
        assertThat(trusts(List.of("192.168.4.0/22"), "192.168.8.0")).isFalse();
        assertThat(trusts(List.of("192.168.4.0/22"), "192.168.3.255")).isFalse();
        assertThat(trusts(List.of("172.16.0.0/12"), "172.31.255.255")).isTrue();
        assertThat(trusts(List.of("172.16.0.0/12"), "172.32.0.0")).isFalse();
        assertThat(trusts(List.of("0.0.0.0/0"), "203.0.113.9")).isTrue();
    }

    @Test
    void ipv6AddressesAndRanges() {
        assertThat(trusts(List.of("::1"), "::1")).isTrue();
        assertThat(trusts(List.of("::1"), "::2")).isFalse();
        assertThat(trusts(List.of("2001:db8::/32"), "2001:db8:ffff::1")).isTrue();
        assertThat(trusts(List.of("2001:db8::/32"), "2001:db9::1")).isFalse();
        assertThat(trusts(List.of("fc00::/7"), "fdff::1")).isTrue();
        assertThat(trusts(List.of("fc00::/7"), "fe00::1")).isFalse();
        assertThat(trusts(List.of("2001:db8::10/127"), "2001:db8::11")).isTrue();
        assertThat(trusts(List.of("2001:db8::10/127"), "2001:db8::12")).isFalse();
        assertThat(trusts(List.of("::/0"), "2001:db8::1")).isTrue();
    }

    @Test
    void ipv4AndIpv6NeverMatchEachOtherExceptThroughMappedAddresses() {
        assertThat(trusts(List.of("::/0"), "10.0.0.1")).isFalse();
        assertThat(trusts(List.of("0.0.0.0/0"), "2001:db8::1")).isFalse();
        // A dual-stack socket may report an IPv4 peer as ::ffff:a.b.c.d; written so, it is the IPv4 range.
        assertThat(trusts(List.of("::ffff:10.0.0.0/104"), "10.9.9.9")).isTrue();
        assertThat(trusts(List.of("::ffff:10.0.0.0/104"), "11.0.0.1")).isFalse();
        assertThat(trusts(List.of("10.0.0.0/8"), "::ffff:10.1.2.3")).isTrue();
    }

    @Test
    void anyEntryOfTheListWillDoAndWhitespaceAroundEntriesIsDropped() {
        TrustedProxies proxies = TrustedProxies.parse(List.of(" 10.0.0.0/8", "192.0.2.1 ", "2001:db8::/32"));
        assertThat(proxies.contains(ip("192.0.2.1"))).isTrue();
        assertThat(proxies.contains(ip("10.1.1.1"))).isTrue();
        assertThat(proxies.contains(ip("2001:db8::5"))).isTrue();
        assertThat(proxies.contains(ip("192.0.2.2"))).isFalse();
        assertThat(proxies.contains(new InetSocketAddress(ip("192.0.2.1"), 4711))).isTrue();
    }

    @Test
    void anEmptyListTrustsNoOneAndUnresolvedOrMissingAddressesAreNeverTrusted() {
        assertThat(TrustedProxies.parse(List.of()).isEmpty()).isTrue();
        assertThat(TrustedProxies.parse(List.of()).contains(ip("127.0.0.1"))).isFalse();
        TrustedProxies all = TrustedProxies.parse(List.of("0.0.0.0/0", "::/0"));
        assertThat(all.contains((InetAddress) null)).isFalse();
        assertThat(all.contains(InetSocketAddress.createUnresolved("10.0.0.1", 1))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "proxy.example.com", "localhost", "10.0.0", "10.0.0.256", "010.0.0.1",
        "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0.0/x", "2001:db8::/129",
        "[2001:db8::1]", "fe80::1%eth0", "10.0.0.1:80", "::ffff:10.0.0.0/95"})
    void entriesThatAreNotAddressesOrRangesAreRefusedByName(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.1", entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + entry.strip() + "'");
    }

    @Test
    void aRangeWithHostBitsSetIsRefusedRatherThanWidened() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.5/8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host bits");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("2001:db8::1/64")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host bits");
    }
}
