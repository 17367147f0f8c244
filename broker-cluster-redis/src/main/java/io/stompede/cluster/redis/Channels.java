package io.stompede.cluster.redis;

import io.stompede.destination.DestinationPattern;

/**
 * Redis channel names for topics: one channel per destination under the cluster's prefix, and
 * for a wildcard subscription a Redis channel pattern that matches at least every channel the
 * STOMP pattern matches. The pattern may match more (a segment wildcard becomes Redis's {@code *},
 * which also crosses separators, and a separator matches either {@code /} or {@code .}); the
 * node's own subscription registry decides what is delivered, so the excess only costs a
 * message that nobody on the node receives. Immutable.
 */
final class Channels {
    private final String clusterName;
    private final String prefix;

    Channels(String clusterName) {
        this.clusterName = clusterName;
        this.prefix = clusterName + ":topic:";
    }

    /** The prefix of every key and channel of the cluster. */
    String clusterName() {
        return clusterName;
    }

    /** The channel of {@code destination}. */
    String of(String destination) {
        return prefix + destination;
    }

    /** Whether {@code pattern} needs a Redis channel pattern rather than one channel. */
    static boolean isWildcard(String pattern) {
        return DestinationPattern.isWildcard(pattern);
    }

    /**
     * A Redis channel pattern that matches the channel of every destination {@code pattern}
     * matches. Segments split on {@code /} or {@code .}, each separator written {@code ?}; a
     * one-segment wildcard becomes {@code *}; a many-segment one ({@code **} or {@code #}) may
     * match no segment at all, so the pattern ends there, in {@code *}, without its separator.
     */
    String patternOf(String pattern) {
        StringBuilder glob = new StringBuilder(prefix.length() + pattern.length());
        escapeInto(glob, prefix);
        String[] segments = pattern.split("[/.]", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("**") || segment.equals("#")) {
                glob.append('*');
                return glob.toString();
            }
            if (i > 0) {
                glob.append('?');
            }
            if (segment.equals("*")) {
                glob.append('*');
            } else {
                escapeInto(glob, segment);
            }
        }
        return glob.toString();
    }

    private static void escapeInto(StringBuilder glob, String literal) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                glob.append('\\');
            }
            glob.append(c);
        }
    }
}
