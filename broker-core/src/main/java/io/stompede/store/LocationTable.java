package io.stompede.store;

import java.util.Arrays;

/**
 * A map from an entry's key to its {@link JournalLocation}, by open addressing into two arrays
 * rather than a node and a boxed {@code Long} per entry: with a million live entries the
 * journal's bookkeeping is then a few arrays the collector need not trace entry by entry.
 *
 * <p>Confined to one thread.
 */
final class LocationTable {
    static final long ABSENT = -1;

    private String[] keys = new String[1024];
    private long[] values = new long[1024];
    private int size;

    int size() {
        return size;
    }

    /** Maps {@code key} to {@code location}; returns the location it had, or {@link #ABSENT}. */
    long put(String key, long location) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int slot = find(keys, key);
        long previous = keys[slot] == null ? ABSENT : values[slot];
        if (keys[slot] == null) {
            keys[slot] = key;
            size++;
        }
        values[slot] = location;
        return previous;
    }

    boolean contains(String key) {
        return keys[find(keys, key)] != null;
    }

    /** Removes {@code key}; returns its location, or {@link #ABSENT}. */
    long remove(String key) {
        int slot = find(keys, key);
        if (keys[slot] == null) {
            return ABSENT;
        }
        long location = values[slot];
        keys[slot] = null;
        size--;
        closeGap(slot);
        return location;
    }

    /** Calls {@code action} with every key and its location, in no particular order. */
    void forEach(Action action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                action.accept(keys[i], values[i]);
            }
        }
    }

    interface Action {
        void accept(String key, long location);
    }

    /** Linear probing: the slot holding {@code key}, or the empty slot where it would go. */
    private static int find(String[] table, String key) {
        int mask = table.length - 1;
        int slot = home(key, mask);
        while (table[slot] != null && !table[slot].equals(key)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Moves back the entries after a removed one that probing could no longer reach. */
    private void closeGap(int removed) {
        int mask = keys.length - 1;
        int gap = removed;
        int slot = (gap + 1) & mask;
        while (keys[slot] != null) {
            int home = home(keys[slot], mask);
            boolean movable = gap <= slot ? home <= gap || home > slot : home <= gap && home > slot;
            if (movable) {
                keys[gap] = keys[slot];
                values[gap] = values[slot];
                keys[slot] = null;
                gap = slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void grow() {
        String[] oldKeys = keys;
        long[] oldValues = values;
        keys = new String[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = find(keys, oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
        Arrays.fill(oldKeys, null);
    }

    /**
     * Keys that differ in a digit or two (queue names, sequential ids) have nearby hash codes,
     * which linear probing would pile into long runs; a multiplicative mix scatters them.
     */
    private static int home(String key, int mask) {
        int mixed = key.hashCode() * 0x9E3779B9;
        return (mixed ^ mixed >>> 15) & mask;
    }
}
