package io.stompede.destination;

import java.util.List;
import java.util.Objects;

/**
 * Copy-on-write steps on immutable lists: each returns a new immutable list and leaves its argument
 * untouched, so a reader that holds the old list keeps a consistent view. Stateless.
 *
 * <p>A list of up to {@value SharedArrayList#THRESHOLD} elements is a {@code List.of}, copied whole
 * on each step, which for so few is as cheap as anything. A longer one is a {@link
 * SharedArrayList}, to which an append adds its element in place of copying, so that subscribing to
 * a destination with many subscribers stays cheap (issue 12). Either way {@code get(i)} is a bounds
 * check and one array read, and an indexed loop over the list allocates nothing.
 */
final class ImmutableLists {
    private ImmutableLists() {
    }

    /** {@code list} with {@code element} appended; {@code list} may be null, meaning empty. */
    @SuppressWarnings("unchecked")
    static <T> List<T> append(List<T> list, T element) {
        if (list == null || list.isEmpty()) {
            return List.of(element);
        }
        if (list instanceof SharedArrayList<T> shared) {
            return shared.append(element);
        }
        int size = list.size();
        if (size >= SharedArrayList.THRESHOLD) {
            return SharedArrayList.copyOfAnd(list, element);
        }
        Object[] copy = new Object[size + 1];
        for (int i = 0; i < size; i++) {
            copy[i] = list.get(i);
        }
        copy[size] = element;
        return (List<T>) List.of(copy);
    }

    /**
     * {@code list} without the element at {@code index}, the others in their order, or null when
     * nothing is left. Copies the list, however long: an UNSUBSCRIBE has scanned it already.
     */
    @SuppressWarnings("unchecked")
    static <T> List<T> removeAt(List<T> list, int index) {
        if (list instanceof SharedArrayList<T> shared) {
            return shared.removeAt(index);
        }
        int size = list.size();
        Objects.checkIndex(index, size);
        if (size == 1) {
            return null;
        }
        Object[] copy = new Object[size - 1];
        for (int i = 0, j = 0; i < size; i++) {
            if (i != index) {
                copy[j++] = list.get(i);
            }
        }
        return (List<T>) List.of(copy);
    }

    /**
     * The index of the first element that is {@code element} itself, not merely equal; or -1. A
     * linear scan that allocates nothing: for a destination with 50,000 subscribers an UNSUBSCRIBE
     * reads up to 50,000 references (tens of microseconds), no index by identity is kept.
     */
    static int indexOfIdentical(List<?> list, Object element) {
        if (list instanceof SharedArrayList<?> shared) {
            return shared.indexOfIdentical(element);
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == element) {
                return i;
            }
        }
        return -1;
    }
}
