package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading the client's address from {@code X-Forwarded-For} and {@code Forwarded}: the syntax of
 * both, what counts as unknown, and which hop of a chain is believed.
 */
class ForwardedHeadersTest {
    private static final TrustedProxies PROXIES = TrustedProxies.parse(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));

    private static InetSocketAddress address(String literal, int port) {
        return new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(literal), port);
    }

    private static Optional<InetSocketAddress> fromXff(String... lines) {
        return ForwardedHeaders.clientAddress(ForwardedHeaders.parseXForwardedFor(List.of(lines)), PROXIES);
    }

    private static Optional<InetSocketAddress> fromForwarded(String... lines) {
        return ForwardedHeaders.clientAddress(ForwardedHeaders.parseForwarded(List.of(lines)), PROXIES);
    }

    // ---- one node

    @Test
    void nodesInEveryFormProxiesWrite() {
        assertThat(ForwardedHeaders.parseNode("192.0.2.60").address()).isEqualTo(address("192.0.2.60", 0));
        assertThat(ForwardedHeaders.parseNode("192.0.2.60:4711").address()).isEqualTo(address("192.0.2.60", 4711));
        assertThat(ForwardedHeaders.parseNode("2001:db8::17").address()).isEqualTo(address("2001:db8::17", 0));
        assertThat(ForwardedHeaders.parseNode("[2001:db8::17]").address()).isEqualTo(address("2001:db8::17", 0));
        assertThat(ForwardedHeaders.parseNode("[2001:db8::17]:4711").address())
                .isEqualTo(address("2001:db8::17", 4711));
        assertThat(ForwardedHeaders.parseNode("192.0.2.60:_hidden").address()).isEqualTo(address("192.0.2.60", 0));
        assertThat(ForwardedHeaders.parseNode("[2001:db8::17]:_p").address()).isEqualTo(address("2001:db8::17", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "UNKNOWN", "_hidden", "_SEVKISEK", "client.example.com", "192.0.2",
        "192.0.2.256", "192.0.2.60:", "192.0.2.60:65536", "192.0.2.60:-1", "192.0.2.60:http", "[2001:db8::17",
        "[2001:db8::17]4711", "[192.0.2.60]", "[2001:db8::17]:", "fe80::1%eth0", "192.0.2.60 192.0.2.61",
        "::ffff:192.0.2.60:1"})
    void anythingElseIsAnUnknownHop(String node) {
        assertThat(ForwardedHeaders.parseNode(node)).isEqualTo(ForwardedHeaders.Hop.UNKNOWN);
    }

    // ---- X-Forwarded-For

    @Test
    void xffTakesTheRightMostAddressThatIsNotATrustedProxy() {
        assertThat(fromXff("192.0.2.60")).contains(address("192.0.2.60", 0));
        assertThat(fromXff("198.51.100.1, 192.0.2.60, 10.0.0.2")).contains(address("192.0.2.60", 0));
        assertThat(fromXff("192.0.2.60,10.1.1.1,10.0.0.2")).contains(address("192.0.2.60", 0));
        assertThat(fromXff("[2001:db8::17]:4711, 2001:db8:ffff::1")).contains(address("2001:db8::17", 4711));
    }

    @Test
    void xffSpreadOverSeveralHeaderLinesIsOneListInOrder() {
        // HAProxy's option forwardfor adds a header line of its own after whatever the client sent.
        assertThat(fromXff("203.0.113.66", "192.0.2.60")).contains(address("192.0.2.60", 0));
        assertThat(fromXff("192.0.2.60", "10.0.0.3")).contains(address("192.0.2.60", 0));
    }

    @Test
    void whatAClientWritesLeftOfTheProxysEntryIsNeverBelieved() {
        // The client claims to be a trusted proxy's client; the proxy appends what it really saw.
        assertThat(fromXff("10.0.0.9, 192.0.2.60")).contains(address("192.0.2.60", 0));
        // Garbage from the client does not spoil the entry the proxy appended.
        assertThat(fromXff("not an address, [[[, 192.0.2.60")).contains(address("192.0.2.60", 0));
        assertThat(fromXff("\"quoted", "192.0.2.60")).contains(address("192.0.2.60", 0));
    }

    @Test
    void anUnknownOrMalformedHopWhereTheClientShouldBeGivesNoAddress() {
        assertThat(fromXff("unknown")).isEmpty();
        assertThat(fromXff("192.0.2.60, garbage")).isEmpty();
        assertThat(fromXff("192.0.2.60, unknown, 10.0.0.2")).isEmpty();
        assertThat(fromXff("192.0.2.60,,10.0.0.2")).isEmpty();
        assertThat(fromXff("")).isEmpty();
        assertThat(fromXff()).isEmpty();
    }

    @Test
    void whenEveryHopIsATrustedProxyTheLeftMostIsTheClient() {
        assertThat(fromXff("10.0.0.5, 10.0.0.2")).contains(address("10.0.0.5", 0));
    }

    // ---- Forwarded (RFC 7239)

    @Test
    void forwardedInTheFormsOfRfc7239() {
        assertThat(fromForwarded("for=192.0.2.60;proto=http;by=203.0.113.43")).contains(address("192.0.2.60", 0));
        assertThat(fromForwarded("for=\"_gazonk\", for=192.0.2.60")).contains(address("192.0.2.60", 0));
        assertThat(fromForwarded("For=\"[2001:db8:cafe::17]:4711\"")).contains(address("2001:db8:cafe::17", 4711));
        assertThat(fromForwarded("for=192.0.2.43, for=198.51.100.17")).contains(address("198.51.100.17", 0));
        assertThat(fromForwarded("for=\"192.0.2.60:4711\"")).contains(address("192.0.2.60", 4711));
        assertThat(fromForwarded("proto=https; for=192.0.2.60 ; host=example.com")).contains(address("192.0.2.60", 0));
    }

    @Test
    void forwardedTakesTheRightMostHopThatIsNotATrustedProxyOverSeveralLines() {
        assertThat(fromForwarded("for=198.51.100.1", "for=192.0.2.60, for=10.0.0.2"))
                .contains(address("192.0.2.60", 0));
        assertThat(fromForwarded("for=10.0.0.9", "for=192.0.2.60")).contains(address("192.0.2.60", 0));
        assertThat(fromForwarded("for=\"[2001:db8::17]\", for=\"[2001:db8:ffff::1]\""))
                .contains(address("2001:db8::17", 0));
    }

    @Test
    void forwardedForUnknownOrObfuscatedGivesNoAddress() {
        assertThat(fromForwarded("for=unknown")).isEmpty();
        assertThat(fromForwarded("for=\"unknown\"")).isEmpty();
        assertThat(fromForwarded("for=_hidden")).isEmpty();
        assertThat(fromForwarded("for=\"_SEVKISEK\"")).isEmpty();
        // The hop that should name the client does not: nothing left of it is believed either.
        assertThat(fromForwarded("for=192.0.2.60, for=_hidden, for=10.0.0.2")).isEmpty();
        // An element without a for= parameter says nothing about the client.
        assertThat(fromForwarded("proto=https;by=203.0.113.43")).isEmpty();
    }

    @Test
    void malformedForwardedElementsAreUnknownHopsAndSpoilOnlyTheirOwnLine() {
        assertThat(fromForwarded("for=")).isEmpty();
        assertThat(fromForwarded("for")).isEmpty();
        assertThat(fromForwarded("=192.0.2.60")).isEmpty();
        assertThat(fromForwarded("for=192.0.2.60;for=192.0.2.61")).isEmpty();
        assertThat(fromForwarded("for=\"192.0.2.60")).isEmpty();
        assertThat(fromForwarded("for=\"192.0.2.60\"x")).isEmpty();
        assertThat(fromForwarded("for=192.0.2.\"60\"")).isEmpty();
        assertThat(fromForwarded("f r=192.0.2.60")).isEmpty();
        assertThat(fromForwarded("for=192.0.2.60, for=garbage")).isEmpty();
        // A client's line with an unbalanced quote does not swallow the line the proxy added.
        assertThat(fromForwarded("for=\"192.0.2.1, for=10.0.0.9", "for=192.0.2.60"))
                .contains(address("192.0.2.60", 0));
        // Nor the element a proxy appended to the client's own line.
        assertThat(fromForwarded("for=\", for=192.0.2.60")).contains(address("192.0.2.60", 0));
        assertThat(fromForwarded("for=x\", for=192.0.2.61, for=192.0.2.60")).contains(address("192.0.2.60", 0));
        // An escaped quote inside a quoted string is no quote, read from either end.
        assertThat(fromForwarded("for=192.0.2.61, for=192.0.2.60;host=\"\\\",\"")).contains(address("192.0.2.60", 0));
    }

    @Test
    void quotedStringsMayHoldSeparatorsAndEscapes() {
        assertThat(fromForwarded("for=\"192.0.2.60\";host=\"a,b;c\"")).contains(address("192.0.2.60", 0));
        assertThat(fromForwarded("for=\"192.0.2.\\60\"")).contains(address("192.0.2.60", 0));
        assertThat(ForwardedHeaders.parseForwarded(List.of("host=\"a,b\";for=192.0.2.60, for=10.0.0.2")))
                .hasSize(2);
    }
}
