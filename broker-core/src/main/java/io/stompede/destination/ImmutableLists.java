package io.stompede.destination;

import java.util.ArrayList;
import java.util.List;

/**
 * Copy-on-write steps on immutable lists: each returns a new immutable list and leaves its argument
 * untouched, so a reader that holds the old list keeps a consistent view. Stateless.
 */
final class ImmutableLists {
    private ImmutableLists() {
    }

    /** {@code list} with {@code element} appended; {@code list} may be null, meaning empty. */
    static <T> List<T> append(List<T> list, T element) {
        if (list == null || list.isEmpty()) {
            return List.of(element);
        }
        List<T> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(element);
        return List.copyOf(copy);
    }

    /** {@code list} without the element at {@code index}, or null when nothing is left. */
    static <T> List<T> removeAt(List<T> list, int index) {
        if (list.size() == 1) {
            return null;
        }
        List<T> copy = new ArrayList<>(list);
        copy.remove(index);
        return List.copyOf(copy);
    }

    /** The index of the first element that is {@code element} itself, not merely equal; or -1. */
    static int indexOfIdentical(List<?> list, Object element) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == element) {
                return i;
            }
        }
        return -1;
    }
}
