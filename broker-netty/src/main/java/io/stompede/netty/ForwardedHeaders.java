package io.stompede.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the client's address from what proxies wrote into an HTTP request: {@code Forwarded}
 * (RFC 7239, its {@code for} parameters) or {@code X-Forwarded-For}. Each proxy appends the
 * address it saw, so the list reads client first, nearest proxy last, and only its right end is
 * known to be true: everything left of the first hop that is not a trusted proxy was written by
 * someone the broker cannot vouch for. {@link #clientAddress} therefore walks from the right,
 * skips the trusted proxies and takes the first other hop.
 *
 * <p>A hop that names no usable address ({@code for=unknown}, an obfuscated identifier such as
 * {@code for=_hidden}, an element without {@code for}, or anything malformed) stops the walk
 * there: its real address is unknown, and reading further left would believe a value the client
 * may have written. The caller then keeps the socket address. Each header line is parsed on its
 * own, so a broken line (say, one a client sent with an unbalanced quote) spoils only its own
 * hops, not the ones the proxy added after it.
 *
 * <p>Only IP literals are read; nothing is resolved. Stateless and thread-safe.
 */
final class ForwardedHeaders {
    /** One hop of the chain: its address and port (0 when not given), or null when unknown. */
    record Hop(InetSocketAddress address) {
        static final Hop UNKNOWN = new Hop(null);
    }

    private ForwardedHeaders() {
    }

    /**
     * The hops of {@code X-Forwarded-For} lines, in order: comma-separated IPv4 or IPv6 addresses,
     * optionally with a port ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}).
     */
    static List<Hop> parseXForwardedFor(List<String> lines) {
        List<Hop> hops = new ArrayList<>();
        for (String line : lines) {
            for (String item : line.split(",", -1)) {
                hops.add(parseNode(item.strip()));
            }
        }
        return hops;
    }

    /**
     * The hops of {@code Forwarded} lines, one per element, in order; an element whose {@code for}
     * is missing, unknown, obfuscated or malformed is an unknown hop.
     */
    static List<Hop> parseForwarded(List<String> lines) {
        List<Hop> hops = new ArrayList<>();
        for (String line : lines) {
            for (String element : elementsFromTheRight(line)) {
                hops.add(parseElement(element));
            }
        }
        return hops;
    }

    /**
     * The elements of one {@code Forwarded} line, in order, found from its right end: a proxy that
     * appends its element to the line the client sent ({@code $http_forwarded, for=$remote_addr})
     * writes the right end, so a quote the client left open spoils only the client's own part on
     * the left instead of swallowing the proxy's element. A quote is escaped inside a quoted string
     * when an odd number of backslashes stands before it.
     */
    private static List<String> elementsFromTheRight(String line) {
        List<String> elements = new ArrayList<>();
        boolean quoted = false;
        int end = line.length();
        for (int i = line.length() - 1; i >= 0; i--) {
            char c = line.charAt(i);
            if (c == '"' && !escaped(line, i)) {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                elements.add(line.substring(i + 1, end));
                end = i;
            }
        }
        elements.add(line.substring(0, end));
        Collections.reverse(elements);
        return elements;
    }

    private static boolean escaped(String text, int at) {
        int backslashes = 0;
        for (int i = at - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /**
     * The right-most hop that is not a trusted proxy; when every hop is one, the left-most. Empty
     * when there are no hops or the hop it would take is unknown.
     */
    static Optional<InetSocketAddress> clientAddress(List<Hop> hops, TrustedProxies trusted) {
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetSocketAddress address = hops.get(i).address();
            if (address == null) {
                return Optional.empty();
            }
            if (!trusted.contains(address.getAddress())) {
                return Optional.of(address);
            }
        }
        return hops.isEmpty() ? Optional.empty() : Optional.of(hops.get(0).address());
    }

    // ---- Forwarded

    /** One element: {@code name=value} pairs separated by ';', names case-insensitive, each at most once. */
    private static Hop parseElement(String element) {
        Hop hop = null;
        Set<String> seen = new HashSet<>();
        for (String pair : splitOutsideQuotes(element, ';')) {
            String text = pair.strip();
            int equals = text.indexOf('=');
            if (equals <= 0) {
                return Hop.UNKNOWN;
            }
            String name = text.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            if (!isToken(name) || !seen.add(name)) {
                return Hop.UNKNOWN;
            }
            String value = unquote(text.substring(equals + 1).strip());
            if (value == null) {
                return Hop.UNKNOWN;
            }
            if (name.equals("for")) {
                hop = parseNode(value);
            }
        }
        return hop == null ? Hop.UNKNOWN : hop;
    }

    /**
     * Splits at {@code separator} where it is not inside a quoted string. An unterminated quote
     * keeps the rest of the text in one part, which then fails to parse on its own.
     */
    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** A token as it is, or a quoted string without its quotes and escapes; null when it is neither. */
    private static String unquote(String value) {
        if (!value.startsWith("\"")) {
            return value.isEmpty() || value.indexOf('"') >= 0 ? null : value;
        }
        if (value.length() < 2 || !value.endsWith("\"")) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (++i == value.length() - 1) {
                    return null;
                }
                c = value.charAt(i);
            } else if (c == '"') {
                return null;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // ---- one node, shared by both headers

    /**
     * {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1}, {@code [2001:db8::1]},
     * {@code [2001:db8::1]:4711}; an obfuscated port ({@code :_abc}) counts as no port. Anything
     * else, {@code unknown} and obfuscated identifiers included, is an unknown hop.
     */
    static Hop parseNode(String node) {
        if (node.isEmpty() || node.startsWith("_") || node.equalsIgnoreCase("unknown")) {
            return Hop.UNKNOWN;
        }
        String host;
        String port = null;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0) {
                return Hop.UNKNOWN;
            }
            host = node.substring(1, close);
            String rest = node.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Hop.UNKNOWN;
                }
                port = rest.substring(1);
            }
            if (host.indexOf(':') < 0) {
                return Hop.UNKNOWN;    // brackets hold IPv6 only
            }
        } else {
            int colon = node.indexOf(':');
            if (colon >= 0 && node.indexOf(':', colon + 1) < 0) {
                host = node.substring(0, colon);    // IPv4 with a port
                port = node.substring(colon + 1);
            } else {
                host = node;    // IPv4, or IPv6 without brackets (X-Forwarded-For writes it so)
            }
        }
        InetAddress address = IpLiterals.parse(host);
        int portNumber = parsePort(port);
        if (address == null || portNumber < 0) {
            return Hop.UNKNOWN;
        }
        return new Hop(new InetSocketAddress(address, portNumber));
    }

    /** The port, 0 when absent or obfuscated, -1 when malformed. */
    private static int parsePort(String port) {
        if (port == null) {
            return 0;
        }
        if (port.startsWith("_") && port.length() > 1) {
            return 0;
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int value = Integer.parseInt(port);
        return value <= 65_535 ? value : -1;
    }
}
