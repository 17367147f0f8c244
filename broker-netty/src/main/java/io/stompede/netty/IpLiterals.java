package io.stompede.netty;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever asking DNS: a proxy header or a configuration entry that
 * names a host must not make the broker resolve names on an event loop, nor let a client steer
 * lookups. Stateless and thread-safe.
 */
final class IpLiterals {
    /** Four decimal parts without leading zeros: {@code 010.0.0.1} could mean octal or decimal. */
    private static final Pattern IPV4 = Pattern.compile(
            "(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

    private IpLiterals() {
    }

    /**
     * The address {@code text} spells, or null when it is not a plain IPv4 or IPv6 literal (no
     * brackets, no port, no zone). An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) comes back
     * as the IPv4 address, which is how the JDK reports such peers too.
     */
    static InetAddress parse(String text) {
        if (text == null || text.isEmpty() || text.indexOf('[') >= 0 || text.indexOf('%') >= 0) {
            return null;
        }
        if (text.indexOf(':') < 0 && !IPV4.matcher(text).matches()) {
            return null;
        }
        return NetUtil.createInetAddressFromIpAddressString(text);
    }
}
