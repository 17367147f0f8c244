package io.stompede.destination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One destination pattern, parsed once and matched against many destinations. Immutable and
 * thread-safe, so a compiled pattern can be shared, for example by authorization rules:
 * {@code DestinationPattern.compile("/topic/chat.**").matches("/topic/chat.room.5")} is true.
 *
 * <h2>Syntax</h2>
 * A pattern is split into segments on {@code '/'} and {@code '.'}. A segment that is exactly
 * {@code *} matches any one segment; a segment that is exactly {@code **} or {@code #} matches zero
 * or more segments. Any other segment is literal, so {@code room*} matches only {@code room*}.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>A pattern without a wildcard segment is an exact name</b> and matches only the identical
 *       string: {@code /topic/a.b} does not match {@code /topic/a/b}. This keeps a plain
 *       subscription a string comparison, as in every other STOMP broker.</li>
 *   <li><b>Once a pattern has a wildcard, the two separators are interchangeable</b>: both split
 *       segments and which one was used does not matter, so {@code /topic/a/*} matches
 *       {@code /topic/a.b} as well as {@code /topic/a/b}, and {@code /topic/chat.*} matches
 *       {@code /topic/chat/5}. Destinations mix the two styles ({@code /topic/chat.room.5}, the
 *       RabbitMQ habit, beside {@code /subscribe/chat/room/5}); one rule that treats them alike is
 *       easier to predict than one that makes the separator part of the match.</li>
 *   <li><b>Empty segments count</b>: a leading separator makes an empty first segment, so
 *       {@code /topic/*} does not match {@code topic/a}; {@code *} matches one segment even when
 *       it is empty, so {@code /topic/*} matches {@code /topic/}.</li>
 *   <li><b>{@code **} may match nothing</b>: {@code /topic/**} matches {@code /topic} and
 *       {@code /topic/a/b}; {@code /a/**}{@code /b} matches {@code /a/b}.</li>
 * </ul>
 */
public final class DestinationPattern {
    /** The token of a segment that matches exactly one segment. */
    static final String ONE = "*";
    /** The token of a segment that matches zero or more segments; {@code #} is stored as this. */
    static final String ANY = "**";

    private final String pattern;
    private final boolean wildcard;
    /** Segments with {@code #} written as {@link #ANY} and runs of {@code **} folded into one. */
    private final String[] tokens;

    private DestinationPattern(String pattern) {
        this.pattern = pattern;
        this.tokens = tokenize(pattern);
        this.wildcard = hasWildcard(tokens);
    }

    /**
     * Parses {@code pattern}. Every string is a valid pattern; one without a wildcard segment
     * matches only itself.
     */
    public static DestinationPattern compile(String pattern) {
        return new DestinationPattern(Objects.requireNonNull(pattern, "pattern"));
    }

    /**
     * Whether {@code pattern} has a segment that is exactly {@code *}, {@code **} or {@code #}, that
     * is, whether it can match more than the one destination it names.
     */
    public static boolean isWildcard(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        int start = 0;
        int length = pattern.length();
        for (int i = 0; i <= length; i++) {
            if (i == length || isSeparator(pattern.charAt(i))) {
                if (isWildcardSegment(pattern, start, i)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    /** Whether this pattern has a wildcard segment; see {@link #isWildcard(String)}. */
    public boolean isWildcard() {
        return wildcard;
    }

    /** Whether {@code destination} matches this pattern, by the rules in the class comment. */
    public boolean matches(String destination) {
        Objects.requireNonNull(destination, "destination");
        if (!wildcard) {
            return pattern.equals(destination);
        }
        // Simulates the pattern as an automaton whose states are token positions: the set of
        // positions reachable after each segment. Linear in segments times tokens, whereas
        // backtracking over several ** segments can take exponential time on a hostile name.
        boolean[] reachable = new boolean[tokens.length + 1];
        boolean[] next = new boolean[tokens.length + 1];
        reachable[0] = true;
        closeOverAny(reachable);
        int start = 0;
        int length = destination.length();
        for (int i = 0; i <= length; i++) {
            if (i < length && !isSeparator(destination.charAt(i))) {
                continue;
            }
            Arrays.fill(next, false);
            boolean any = false;
            for (int t = 0; t < tokens.length; t++) {
                if (!reachable[t]) {
                    continue;
                }
                String token = tokens[t];
                if (token.equals(ANY)) {
                    next[t] = true;
                    any = true;
                } else if (token.equals(ONE) || segmentEquals(destination, start, i, token)) {
                    next[t + 1] = true;
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
            closeOverAny(next);
            boolean[] swap = reachable;
            reachable = next;
            next = swap;
            start = i + 1;
        }
        return reachable[tokens.length];
    }

    /**
     * Whether every destination that {@code other} matches is matched by this pattern too: how an
     * access rule on {@code /topic/chat/**} can allow a subscription to {@code /topic/chat/*} but
     * not one to {@code /topic/**}. A pattern without wildcards covers only the same exact name.
     * The answer may be a cautious {@code false} for exotic pairs, never a wrong {@code true}.
     */
    public boolean covers(DestinationPattern other) {
        Objects.requireNonNull(other, "other");
        if (!other.wildcard) {
            return matches(other.pattern);
        }
        if (!wildcard) {
            return false;
        }
        // covered[j]: tokens from i on cover other's tokens from j on, one row per i from the end.
        String[] theirs = other.tokens;
        boolean[] below = new boolean[theirs.length + 1];
        boolean[] row = new boolean[theirs.length + 1];
        below[theirs.length] = true;
        for (int i = tokens.length - 1; i >= 0; i--) {
            String mine = tokens[i];
            for (int j = theirs.length; j >= 0; j--) {
                if (mine.equals(ANY)) {
                    // ** matches nothing more, or absorbs their next token whatever it is.
                    row[j] = below[j] || (j < theirs.length && row[j + 1]);
                } else if (j == theirs.length) {
                    row[j] = false;
                } else if (mine.equals(ONE)) {
                    row[j] = !theirs[j].equals(ANY) && below[j + 1];
                } else {
                    row[j] = theirs[j].equals(mine) && below[j + 1];
                }
            }
            boolean[] swap = below;
            below = row;
            row = swap;
        }
        return below[0];
    }

    /** The number of tokens; for the registry's index. */
    int tokenCount() {
        return tokens.length;
    }

    /** Token {@code index}: a literal segment, {@link #ONE} or {@link #ANY}; for the registry's index. */
    String token(int index) {
        return tokens[index];
    }

    /**
     * Splits {@code destination} into its segments. A destination has at least one segment (the
     * empty string has one empty segment), which is what makes the rules on empty segments hold.
     */
    static String[] segments(String destination) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        int length = destination.length();
        for (int i = 0; i <= length; i++) {
            if (i == length || isSeparator(destination.charAt(i))) {
                segments.add(destination.substring(start, i));
                start = i + 1;
            }
        }
        return segments.toArray(new String[0]);
    }

    static boolean isSeparator(char c) {
        return c == '/' || c == '.';
    }

    /** Marks every position after a reachable {@code **} as reachable: {@code **} may match nothing. */
    private void closeOverAny(boolean[] reachable) {
        for (int t = 0; t < tokens.length; t++) {
            if (reachable[t] && tokens[t].equals(ANY)) {
                reachable[t + 1] = true;
            }
        }
    }

    private static String[] tokenize(String pattern) {
        String[] segments = segments(pattern);
        List<String> tokens = new ArrayList<>(segments.length);
        for (String segment : segments) {
            String token = segment.equals("#") ? ANY : segment;
            // "**/**" matches what "**" matches; folding keeps matching linear and the index small.
            if (token.equals(ANY) && !tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(ANY)) {
                continue;
            }
            tokens.add(token);
        }
        return tokens.toArray(new String[0]);
    }

    private static boolean hasWildcard(String[] tokens) {
        for (String token : tokens) {
            if (token.equals(ONE) || token.equals(ANY)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWildcardSegment(String s, int start, int end) {
        return segmentEquals(s, start, end, ONE) || segmentEquals(s, start, end, ANY)
                || segmentEquals(s, start, end, "#");
    }

    private static boolean segmentEquals(String s, int start, int end, String segment) {
        return end - start == segment.length() && s.regionMatches(start, segment, 0, segment.length());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DestinationPattern that && pattern.equals(that.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
