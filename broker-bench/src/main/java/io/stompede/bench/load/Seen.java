package io.stompede.bench.load;

import java.util.BitSet;

/** Which sequence numbers of one producer arrived, to tell loss from duplicates. Thread-safe. */
final class Seen {
    private final BitSet seen = new BitSet();
    private long unique;
    private long duplicates;

    synchronized void mark(long sequence) {
        int index = (int) sequence;
        if (seen.get(index)) {
            duplicates++;
        } else {
            seen.set(index);
            unique++;
        }
    }

    synchronized long unique() {
        return unique;
    }

    synchronized long duplicates() {
        return duplicates;
    }
}
