package io.stompede.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Knows where each live entry lies (a {@link JournalLocation}), and so which segments may be
 * deleted. A segment may go once none of its entries is live <em>and</em> every segment holding
 * an entry that one of its ACK records settles is already gone: deleting the ACK while its ADD stays would bring the entry
 * back at the next replay. An ACK always follows its ADD, so such references point to older
 * segments, and one pass from oldest to newest finds all that may go.
 *
 * <p>Confined to one thread: recovery, then the journal's writer thread.
 */
final class SegmentLedger {
    private final LocationTable live = new LocationTable();
    private final TreeMap<Long, Segment> segments = new TreeMap<>();

    /** A segment now exists (found at recovery, or newly created). */
    void open(long segment) {
        segments.putIfAbsent(segment, new Segment());
    }

    /** {@code key} became live at {@code location}; an earlier live entry of that key is replaced. */
    void added(String key, long location) {
        long segment = JournalLocation.segment(location);
        long previous = live.put(key, location);
        if (previous != LocationTable.ABSENT) {
            settle(JournalLocation.segment(previous), segment);
        }
        segments.get(segment).live++;
    }

    /**
     * {@code key} was settled by a record in {@code segment}. Returns {@code false}, changing
     * nothing, when the key is not live, in which case the record need not be written.
     */
    boolean removed(String key, long segment) {
        long addedAt = live.remove(key);
        if (addedAt == LocationTable.ABSENT) {
            return false;
        }
        settle(JournalLocation.segment(addedAt), segment);
        return true;
    }

    boolean isLive(String key) {
        return live.contains(key);
    }

    /** Removes and returns, oldest first, the segments other than {@code current} that may be deleted. */
    List<Long> reclaim(long current) {
        List<Long> reclaimed = new ArrayList<>();
        for (var it = segments.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            long number = entry.getKey();
            Segment segment = entry.getValue();
            if (number == current || segment.live > 0 || refersToKept(segment)) {
                continue;
            }
            it.remove();
            reclaimed.add(number);
        }
        return reclaimed;
    }

    /** The locations of the live message entries (not bindings), in journal order. */
    long[] liveMessageLocations() {
        long[] locations = new long[live.size()];
        int[] count = new int[1];
        live.forEach((key, location) -> {
            if (!JournalKeys.isBindingKey(key)) {
                locations[count[0]++] = location;
            }
        });
        long[] messages = Arrays.copyOf(locations, count[0]);
        Arrays.sort(messages);
        return messages;
    }

    int liveEntries() {
        return live.size();
    }

    int segmentCount() {
        return segments.size();
    }

    private boolean refersToKept(Segment segment) {
        for (long referred : segment.refersTo) {
            if (segments.containsKey(referred)) {
                return true;
            }
        }
        return false;
    }

    private void settle(long addedIn, long settledIn) {
        Segment added = segments.get(addedIn);
        added.live--;
        if (addedIn != settledIn) {
            segments.get(settledIn).refersTo.add(addedIn);
        }
    }

    private static final class Segment {
        int live;
        final Set<Long> refersTo = new HashSet<>();
    }
}
