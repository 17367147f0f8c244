package io.stompede.netty;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The proxies whose word on a client's address the broker takes: IP addresses and CIDR ranges,
 * IPv4 and IPv6. Entries are literals only ({@code 10.0.0.7}, {@code 10.0.0.0/8}, {@code ::1},
 * {@code 2001:db8::/32}); a host name is refused rather than resolved, since trust must not hang on
 * DNS. A range with host bits set ({@code 10.0.0.5/8}) is refused too: it is more often a typo for
 * one address than a way of writing the network, and guessing wide would trust too much.
 *
 * <p>Immutable and thread-safe.
 */
final class TrustedProxies {
    static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    private final List<Range> ranges;
    private final List<String> entries;

    /** One range: the network's bytes (4 or 16) and how many leading bits must match. */
    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private TrustedProxies(List<Range> ranges, List<String> entries) {
        this.ranges = ranges;
        this.entries = entries;
    }

    /**
     * Parses addresses and ranges.
     *
     * @throws IllegalArgumentException naming the first entry that is not an IP literal, optionally
     *                                  followed by {@code /prefix} within the address's length
     */
    static TrustedProxies parse(Collection<String> addressesOrCidrs) {
        List<Range> ranges = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (String entry : addressesOrCidrs) {
            if (entry == null) {
                throw new IllegalArgumentException("trusted proxy entry is null");
            }
            String text = entry.strip();
            ranges.add(parseRange(text));
            entries.add(text);
        }
        return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges), List.copyOf(entries));
    }

    private static Range parseRange(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        InetAddress address = IpLiterals.parse(addressText);
        if (address == null) {
            throw new IllegalArgumentException("trusted proxy '" + text
                    + "' is not an IP address or CIDR range (such as 10.0.0.0/8 or 2001:db8::/32)");
        }
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        // An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
        int mappedOffset = address instanceof Inet4Address && addressText.indexOf(':') >= 0 ? 96 : 0;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (!prefixText.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("trusted proxy '" + text + "' has a bad prefix length");
            }
            prefix = Integer.parseInt(prefixText) - mappedOffset;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("trusted proxy '" + text + "': the prefix length must be "
                        + mappedOffset + ".." + (bits + mappedOffset));
            }
        }
        Range range = new Range(bytes, prefix);
        byte[] network = bytes.clone();
        for (int bit = prefix; bit < bits; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        if (!Arrays.equals(network, bytes)) {
            throw new IllegalArgumentException("trusted proxy '" + text + "' has host bits set: write "
                    + addressText + " for one address, or the network address for the range");
        }
        return range;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} lies in one of the ranges. */
    boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a peer at {@code remote} is a trusted proxy; false for anything but a resolved IP socket address. */
    boolean contains(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && contains(inet.getAddress());
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
