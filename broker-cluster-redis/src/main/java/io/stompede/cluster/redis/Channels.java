package io.stompede.cluster.redis;

import io.stompede.destination.DestinationPattern;

/**
 * The names of everything the cluster keeps in Redis, all under the cluster's name: a channel per
 * topic, and for a wildcard subscription a Redis channel pattern that matches at least every
 * channel the STOMP pattern matches; each queue's stream and its notice channel; each topic's
 * history. The pattern may match more (a segment wildcard becomes Redis's {@code *}, which also
 * crosses separators, and a separator matches either {@code /} or {@code .}); the node's own
 * subscription registry decides what is delivered, so the excess only costs a message that nobody
 * on the node receives.
 *
 * <p>On a Redis Cluster ({@code sharded}) the destination in each name is a hash tag
 * ({@code {DEST}}), so that a topic's channel and its history, and a queue's stream and its
 * notice channel, live on one shard and reach Redis on one connection, in the order sent; and
 * wildcard subscriptions get a channel per STOMP pattern, as sharded channels have no patterns.
 * Immutable.
 */
final class Channels {
    private final String clusterName;
    private final boolean sharded;
    private final String prefix;

    Channels(String clusterName, boolean sharded) {
        this.clusterName = clusterName;
        this.sharded = sharded;
        this.prefix = clusterName + ":topic:";
    }

    /** The channel of {@code destination}. */
    String of(String destination) {
        return prefix + tagged(destination);
    }

    /** On a Redis Cluster, the channel of the wildcard subscription {@code pattern}, which publishers feed. */
    String ofPattern(String pattern) {
        return clusterName + ":pattern:" + tagged(pattern);
    }

    /** The stream of topic {@code destination}'s history. */
    String historyOf(String destination) {
        return clusterName + ":history:" + tagged(destination);
    }

    /** The hash of topic {@code destination}'s history's epoch and last offset, beside its stream. */
    String positionOf(String destination) {
        return clusterName + ":position:" + tagged(destination);
    }

    /** The stream of queue {@code queue}. */
    String queueOf(String queue) {
        return clusterName + ":queue:" + tagged(queue);
    }

    /** The channel on which queue {@code queue}'s new and given-back messages are announced. */
    String noticeOf(String queue) {
        return noticePrefix() + tagged(queue);
    }

    /** The queue whose notice channel {@code channel} is, or {@code null} if it is none. */
    String queueOfNotice(String channel) {
        if (!channel.startsWith(noticePrefix())) {
            return null;
        }
        String tagged = channel.substring(noticePrefix().length());
        return sharded ? tagged.substring(1, tagged.length() - 1) : tagged;
    }

    private String noticePrefix() {
        return clusterName + ":queue-ready:";
    }

    private String tagged(String destination) {
        return sharded ? "{" + destination + "}" : destination;
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
