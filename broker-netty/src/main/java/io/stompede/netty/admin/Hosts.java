package io.stompede.netty.admin;

import java.util.Locale;

/**
 * Reads the {@code Host} and {@code Origin} headers of admin requests, without resolving any name:
 * whether a request names this machine's loopback (an open endpoint answers nothing else, so that
 * a web page that rebinds its own host name to 127.0.0.1 gets nothing), and whether a browser's
 * request comes from the endpoint's own origin. Stateless.
 */
final class Hosts {
    private static final String HTTP = "http://";

    private Hosts() {
    }

    /**
     * Whether {@code host}, a {@code Host} header, is {@code localhost}, an IPv4 literal in
     * 127.0.0.0/8 or {@code [::1]}, with or without a port.
     */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            if (close < 0 || !isPort(name, close + 1)) {
                return false;
            }
            String literal = name.substring(1, close);
            return literal.equals("::1") || literal.equals("0:0:0:0:0:0:0:1");
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            if (!isPort(name, colon)) {
                return false;
            }
            name = name.substring(0, colon);
        }
        return name.equals("localhost") || isLoopbackIpv4(name);
    }

    /** Whether {@code s} ends at {@code from}, or has {@code :} and one to five digits there. */
    private static boolean isPort(String s, int from) {
        if (from == s.length()) {
            return true;
        }
        if (s.charAt(from) != ':' || s.length() - from - 1 < 1 || s.length() - from - 1 > 5) {
            return false;
        }
        for (int i = from + 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLoopbackIpv4(String name) {
        String[] octets = name.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return octets[0].equals("127");
    }

    /**
     * Whether {@code origin}, an {@code Origin} header, is this endpoint's own origin as the
     * request's {@code host} header names it: {@code http://} and the same host and port (80 when
     * left out). {@code null} for either, or the opaque {@code null} origin, is not.
     */
    static boolean isSameOrigin(String origin, String host) {
        if (origin == null || host == null) {
            return false;
        }
        String given = origin.strip().toLowerCase(Locale.ROOT);
        if (!given.startsWith(HTTP)) {
            return false;
        }
        String authority = given.substring(HTTP.length());
        if (authority.isEmpty() || authority.contains("/") || authority.contains("@")) {
            return false;
        }
        return withoutDefaultPort(authority).equals(withoutDefaultPort(host.strip().toLowerCase(Locale.ROOT)));
    }

    private static String withoutDefaultPort(String authority) {
        return authority.endsWith(":80") ? authority.substring(0, authority.length() - 3) : authority;
    }
}
