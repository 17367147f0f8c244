package io.stompede.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharedArrayListTest {
    private static List<Integer> build(int size) {
        List<Integer> list = null;
        for (int i = 0; i < size; i++) {
            list = ImmutableLists.append(list, i);
        }
        return list;
    }

    private static List<Integer> range(int size) {
        return IntStream.range(0, size).boxed().toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 96, 97, 98, 1_000})
    void appendKeepsEveryElementInOrderAndSharesPastTheThreshold(int size) {
        List<Integer> list = build(size);

        assertThat(list).containsExactlyElementsOf(range(size));
        assertThat(list).isEqualTo(range(size));
        assertThat(list.hashCode()).isEqualTo(range(size).hashCode());
        assertThat(list.toArray()).containsExactly(range(size).toArray());
        assertThat(list).isInstanceOf(RandomAccess.class);
        assertThat(list instanceof SharedArrayList).isEqualTo(size > SharedArrayList.THRESHOLD);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64, 65, 99, 100, 199})
    void removeKeepsTheOthersInOrderAndLeavesTheOldListAlone(int index) {
        List<Integer> before = build(200);
        List<Integer> after = ImmutableLists.removeAt(before, index);

        List<Integer> expected = new ArrayList<>(range(200));
        expected.remove(index);
        assertThat(after).containsExactlyElementsOf(expected);
        assertThat(before).containsExactlyElementsOf(range(200));
    }

    @Test
    @DisplayName("issue 12: two appends to one version do not overwrite each other in the shared array")
    void twoAppendsToTheSameVersionAreIndependent() {
        List<Integer> base = build(100);
        List<Integer> first = ImmutableLists.append(base, 1_000);
        List<Integer> second = ImmutableLists.append(base, 2_000);
        List<Integer> firstAgain = ImmutableLists.append(first, 1_001);

        assertThat(base).containsExactlyElementsOf(range(100));
        assertThat(first).hasSize(101).endsWith(99, 1_000);
        assertThat(second).hasSize(101).endsWith(99, 2_000);
        assertThat(firstAgain).hasSize(102).endsWith(99, 1_000, 1_001);
    }

    @Test
    void anAppendAfterARemoveDoesNotShowInTheVersionBeforeTheRemove() {
        List<Integer> full = build(100);
        List<Integer> shorter = ImmutableLists.removeAt(full, 99);
        List<Integer> appended = ImmutableLists.append(shorter, -1);

        assertThat(full).containsExactlyElementsOf(range(100));
        assertThat(shorter).containsExactlyElementsOf(range(99));
        assertThat(appended).hasSize(100).endsWith(98, -1);
    }

    @Test
    void aListThatFallsToTheThresholdIsAPlainImmutableList() {
        List<Integer> after = ImmutableLists.removeAt(build(65), 10);

        assertThat(after).isNotInstanceOf(SharedArrayList.class).hasSize(64).doesNotContain(10).endsWith(64);
        assertThatThrownBy(() -> after.add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readingOutsideTheListThrowsEvenWhereTheSharedArrayHasRoom() {
        List<Integer> shorter = build(100);
        ImmutableLists.append(shorter, 100);    // fills the slot just past the shorter list

        assertThatThrownBy(() -> shorter.get(100)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> shorter.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ImmutableLists.removeAt(shorter, 100)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(shorter.toArray()).hasSize(100);
        assertThat(shorter.lastIndexOf(100)).isEqualTo(-1);
    }

    @Test
    void identityNotEqualityFindsAnElement() {
        List<String> list = null;
        String[] elements = new String[200];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = new String("same");
            list = ImmutableLists.append(list, elements[i]);
        }

        assertThat(ImmutableLists.indexOfIdentical(list, elements[150])).isEqualTo(150);
        assertThat(ImmutableLists.indexOfIdentical(list, new String("same"))).isEqualTo(-1);
        assertThat(list.indexOf("same")).isZero();
        assertThat(list.lastIndexOf("same")).isEqualTo(199);
        assertThat(list.contains("same")).isTrue();
    }

    @Test
    void everyMutatorThrowsEvenWhenItWouldChangeNothing() {
        List<Integer> list = build(100);

        List<Runnable> mutators = List.of(
                () -> list.add(1),
                () -> list.add(0, 1),
                () -> list.addAll(List.of()),
                () -> list.addAll(0, List.of()),
                () -> list.set(0, 1),
                () -> list.remove(0),
                () -> list.remove(Integer.valueOf(-5)),
                () -> list.removeAll(List.of()),
                () -> list.retainAll(list),
                () -> list.removeIf(x -> false),
                () -> list.replaceAll(x -> x),
                () -> list.sort(null),
                list::clear,
                () -> list.subList(0, 10).clear(),
                () -> list.listIterator().add(1));
        for (Runnable mutator : mutators) {
            assertThatThrownBy(mutator::run).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThatThrownBy(() -> list.iterator().remove()).isInstanceOfAny(UnsupportedOperationException.class,
                IllegalStateException.class);
        assertThat(list).containsExactlyElementsOf(range(100));
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> ImmutableLists.append(build(3), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ImmutableLists.append(build(64), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ImmutableLists.append(build(65), null)).isInstanceOf(NullPointerException.class);
    }
}
