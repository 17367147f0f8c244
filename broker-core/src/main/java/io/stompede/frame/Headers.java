package io.stompede.frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered headers of a frame. Immutable. A name may repeat, as on the wire; lookups return
 * the first occurrence, which is the one STOMP says wins.
 */
public final class Headers {
    /** Headers with no entries. */
    public static final Headers EMPTY = new Headers(new String[0]);

    // Names at even indexes, values at odd: frames have few headers, so a flat array beats a map.
    private final String[] entries;

    private Headers(String[] entries) {
        this.entries = entries;
    }

    /** Headers from alternating names and values, e.g. {@code of("destination", "/topic/a")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        for (String s : namesAndValues) {
            Objects.requireNonNull(s, "header names and values must not be null");
        }
        return new Headers(namesAndValues.clone());
    }

    /** Headers from a map, in its iteration order. */
    public static Headers of(Map<String, String> map) {
        Builder builder = builder();
        map.forEach(builder::add);
        return builder.build();
    }

    /**
     * Headers from the first {@code length} entries of alternating, non-null names and values,
     * copied once: for the decoder, which collects them in an array it reuses.
     */
    static Headers copyOf(String[] namesAndValues, int length) {
        return length == 0 ? EMPTY : new Headers(Arrays.copyOf(namesAndValues, length));
    }

    /** An empty builder, for headers put together one entry at a time. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of entries, repeats included. */
    public int size() {
        return entries.length / 2;
    }

    /** Whether there are no entries at all. */
    public boolean isEmpty() {
        return entries.length == 0;
    }

    /**
     * The name of entry {@code index}, counting from 0 in order. With {@link #value(int)} and
     * {@link #size()} it walks the entries without allocating, for code on the delivery path.
     */
    public String name(int index) {
        return entries[index * 2];
    }

    /** The value of entry {@code index}; see {@link #name(int)}. */
    public String value(int index) {
        return entries[index * 2 + 1];
    }

    /** The value of the first header called {@code name}, or {@code null}. */
    public String get(String name) {
        for (int i = 0; i < entries.length; i += 2) {
            if (entries[i].equals(name)) {
                return entries[i + 1];
            }
        }
        return null;
    }

    /** The value of the first header called {@code name}, or {@code fallback}. */
    public String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /** Whether a header called {@code name} is present, whatever its value. */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /** A copy with every occurrence of {@code name} replaced by one entry, placed first. */
    public Headers with(String name, String value) {
        Builder builder = builder().add(name, value);
        for (int i = 0; i < entries.length; i += 2) {
            if (!entries[i].equals(name)) {
                builder.add(entries[i], entries[i + 1]);
            }
        }
        return builder.build();
    }

    /** A copy without any occurrence of {@code name}. */
    public Headers without(String name) {
        Builder builder = builder();
        for (int i = 0; i < entries.length; i += 2) {
            if (!entries[i].equals(name)) {
                builder.add(entries[i], entries[i + 1]);
            }
        }
        return builder.build();
    }

    /** The entries as (name, value) pairs, repeats included, in order. */
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> list = new ArrayList<>(size());
        for (int i = 0; i < entries.length; i += 2) {
            list.add(Map.entry(entries[i], entries[i + 1]));
        }
        return Collections.unmodifiableList(list);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers other && Arrays.equals(entries, other.entries);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < entries.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(entries[i]).append(':').append(entries[i + 1]);
        }
        return sb.append('}').toString();
    }

    /** Collects headers in order. Confined to the thread that builds with it. */
    public static final class Builder {
        private String[] entries = new String[16];
        private int length;

        private Builder() {
        }

        /** Adds an entry after those already added; a name added twice is kept twice, as on the wire. */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (length + 2 > entries.length) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
            entries[length++] = name;
            entries[length++] = value;
            return this;
        }

        /** Adds every entry of {@code headers}, in order. */
        public Builder addAll(Headers headers) {
            for (int i = 0; i < headers.entries.length; i += 2) {
                add(headers.entries[i], headers.entries[i + 1]);
            }
            return this;
        }

        /** The number of entries added so far, repeats included. */
        public int size() {
            return length / 2;
        }

        /** The headers added so far. The builder may go on adding without changing them. */
        public Headers build() {
            return length == 0 ? EMPTY : new Headers(Arrays.copyOf(entries, length));
        }
    }
}
