package io.stompede.destination;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A persistent list for destinations with many subscribers, so that a SUBSCRIBE to a topic with
 * 50,000 subscribers does not copy all of them (issue 12). Each version is immutable to whoever
 * holds it, hence thread-safe to read; {@link #append} returns a new version that shares this one's
 * array.
 *
 * <p>A version is a prefix of an array with room to spare: {@code size} elements, then slots no
 * version holds yet. {@link #append} writes the element into the first free slot and returns a
 * version one longer over the same array; no existing version reads that slot, since each reads
 * only below its own size. A counter shared by all versions over one array says how many slots are
 * taken, and an append takes its slot with a compare-and-set, so a second append to the same
 * version (or a concurrent one) finds the slot gone and copies into a new array instead. Only when
 * the array is full does an append copy, into one half as large again: amortized, an append copies
 * three references. The new version reaches readers through the registry's {@code
 * ConcurrentHashMap} or volatile field, which orders the slot's write before any read of it.
 *
 * <p>Reading is as cheap as {@code List.of}: one array, {@code get(i)} a bounds check and a load,
 * so the publish loop's cost does not change. A removal copies the list (minus one element, in
 * order) into a new array, since the slots below {@code size} belong to versions others may hold;
 * finding the element to remove is a linear scan anyway.
 *
 * <p>A shared-array list always has more than {@value #THRESHOLD} elements: {@link ImmutableLists}
 * keeps shorter lists as {@code List.of}, and {@link #removeAt} hands one back when the result is
 * that short. Elements are never null. Every mutator of {@link List} throws {@link
 * UnsupportedOperationException}.
 */
final class SharedArrayList<T> extends AbstractList<T> implements RandomAccess {
    /** Lists up to this long stay {@code List.of}; copying so few is as cheap as sharing. */
    static final int THRESHOLD = 64;

    private final Object[] elements;
    /** How many leading slots of {@link #elements} are taken; shared by every version over that array. */
    private final AtomicInteger taken;
    private final int size;

    private SharedArrayList(Object[] elements, AtomicInteger taken, int size) {
        this.elements = elements;
        this.taken = taken;
        this.size = size;
    }

    /** {@code list}, of {@value #THRESHOLD} elements or more, followed by {@code element}. */
    static <T> SharedArrayList<T> copyOfAnd(List<T> list, T element) {
        int size = list.size();
        if (size < THRESHOLD) {
            throw new IllegalArgumentException("expected at least " + THRESHOLD + " elements, got " + size);
        }
        Object[] elements = new Object[capacityFor(size + 1)];
        for (int i = 0; i < size; i++) {
            elements[i] = Objects.requireNonNull(list.get(i), "element");
        }
        elements[size] = Objects.requireNonNull(element, "element");
        return new SharedArrayList<>(elements, new AtomicInteger(size + 1), size + 1);
    }

    /** This list with {@code element} at the end: into the shared array when its next slot is free. */
    SharedArrayList<T> append(T element) {
        Objects.requireNonNull(element, "element");
        if (size < elements.length && taken.compareAndSet(size, size + 1)) {
            elements[size] = element;
            return new SharedArrayList<>(elements, taken, size + 1);
        }
        Object[] grown = new Object[capacityFor(size + 1)];
        System.arraycopy(elements, 0, grown, 0, size);
        grown[size] = element;
        return new SharedArrayList<>(grown, new AtomicInteger(size + 1), size + 1);
    }

    /**
     * This list without the element at {@code index}, the others in their order, in a new array; a
     * {@code List.of} when {@value #THRESHOLD} or fewer are left.
     */
    @SuppressWarnings("unchecked")
    List<T> removeAt(int index) {
        Objects.checkIndex(index, size);
        int newSize = size - 1;
        Object[] rest = new Object[newSize <= THRESHOLD ? newSize : capacityFor(newSize)];
        System.arraycopy(elements, 0, rest, 0, index);
        System.arraycopy(elements, index + 1, rest, index, newSize - index);
        if (newSize <= THRESHOLD) {
            return (List<T>) List.of(rest);
        }
        return new SharedArrayList<>(rest, new AtomicInteger(newSize), newSize);
    }

    /** The index of the first element that is {@code element} itself, or -1; a scan, no allocation. */
    int indexOfIdentical(Object element) {
        Object[] all = elements;
        for (int i = 0, n = size; i < n; i++) {
            if (all[i] == element) {
                return i;
            }
        }
        return -1;
    }

    private static int capacityFor(int size) {
        return size + (size >> 1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        Objects.checkIndex(index, size);
        return (T) elements[index];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Object[] toArray() {
        return Arrays.copyOf(elements, size);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        Object[] all = elements;
        for (int i = 0, n = size; i < n; i++) {
            action.accept((T) all[i]);
        }
    }

    @Override
    public int indexOf(Object o) {
        Object[] all = elements;
        for (int i = 0, n = size; i < n; i++) {
            if (Objects.equals(o, all[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int lastIndexOf(Object o) {
        Object[] all = elements;
        for (int i = size - 1; i >= 0; i--) {
            if (Objects.equals(o, all[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean contains(Object o) {
        return indexOf(o) >= 0;
    }

    // Immutable: every mutator throws, even when the call would change nothing, as List.of does.

    @Override
    public boolean add(T t) {
        throw immutable();
    }

    @Override
    public void add(int index, T element) {
        throw immutable();
    }

    @Override
    public boolean addAll(Collection<? extends T> c) {
        throw immutable();
    }

    @Override
    public boolean addAll(int index, Collection<? extends T> c) {
        throw immutable();
    }

    @Override
    public T set(int index, T element) {
        throw immutable();
    }

    @Override
    public T remove(int index) {
        throw immutable();
    }

    @Override
    public boolean remove(Object o) {
        throw immutable();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        throw immutable();
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        throw immutable();
    }

    @Override
    public boolean removeIf(Predicate<? super T> filter) {
        throw immutable();
    }

    @Override
    public void replaceAll(UnaryOperator<T> operator) {
        throw immutable();
    }

    @Override
    public void sort(Comparator<? super T> c) {
        throw immutable();
    }

    @Override
    public void clear() {
        throw immutable();
    }

    @Override
    protected void removeRange(int fromIndex, int toIndex) {
        throw immutable();
    }

    private static UnsupportedOperationException immutable() {
        return new UnsupportedOperationException("immutable list");
    }
}
