package io.stompede.standalone;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the known name closest to a misspelt one, so that an unknown key's message can say
 * {@code did you mean limits.max-connections?}. Stateless.
 */
final class Spelling {
    private Spelling() {
    }

    /** The known name fewest edits away from {@code wrong}, if it is close enough to be what was meant. */
    static Optional<String> closest(String wrong, Collection<String> known) {
        return closest(wrong, known, Math.max(2, wrong.length() / 4));
    }

    /** The known name fewest edits away from {@code wrong}, if no more than {@code maxEdits} away. */
    static Optional<String> closest(String wrong, Collection<String> known, int maxEdits) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(wrong, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= maxEdits ? Optional.ofNullable(best) : Optional.empty();
    }

    /** The message's ending for {@code wrong}: {@code ; did you mean NAME?}, or nothing. */
    static String suggestion(String wrong, Collection<String> known) {
        return closest(wrong, known).map(name -> "; did you mean " + name + "?").orElse("");
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
