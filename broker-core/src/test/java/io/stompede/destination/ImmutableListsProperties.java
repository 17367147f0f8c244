package io.stompede.destination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Long random runs of append and remove-by-identity, across the switch between {@code List.of} and
 * {@link SharedArrayList} and back, against a plain {@link ArrayList} per version; then the same
 * crowd through a registry, under an exact pattern and wildcard ones. A small pool of subscribers
 * makes the same object appear many times, so identity duplicates are the rule.
 */
class ImmutableListsProperties {
    private static final int POOL = 8;

    /**
     * Append subscriber {@code who}, or remove one registration of it, on the newest version or,
     * when {@code back} is above zero, on the version that many steps older (a branch, which the
     * registry never makes but the lists must survive).
     */
    record Step(boolean add, int who, int back) {
    }

    @Property(tries = 300)
    void everyVersionAgreesWithItsModelAndNoneChangesAfterwards(@ForAll("runs") List<Step> steps,
            @ForAll("strides") int drainStride) {
        Object[] pool = newPool();
        List<List<Object>> versions = new ArrayList<>();
        List<List<Object>> models = new ArrayList<>();
        versions.add(null);
        models.add(List.of());

        for (Step step : withDrain(steps, drainStride)) {
            int from = Math.max(0, versions.size() - 1 - step.back());
            List<Object> list = versions.get(from);
            List<Object> model = new ArrayList<>(models.get(from));
            Object subscriber = pool[step.who()];
            if (step.add()) {
                list = ImmutableLists.append(list, subscriber);
                model.add(subscriber);
            } else {
                int index = list == null ? -1 : ImmutableLists.indexOfIdentical(list, subscriber);
                assertThat(index >= 0).as("%s found", step).isEqualTo(removeIdentical(model, subscriber));
                if (index >= 0) {
                    assertThat(list.get(index)).isSameAs(subscriber);
                    list = ImmutableLists.removeAt(list, index);
                }
            }
            if (model.isEmpty()) {
                assertThat(list).isNull();
            } else {
                assertAgrees(list, model);
            }
            versions.add(list);
            models.add(model);
        }
        // Persistence: every version handed out still holds exactly what it held when it was made,
        // whatever was appended to it, or to a version it shares its array with, afterwards.
        for (int i = 0; i < versions.size(); i++) {
            if (!models.get(i).isEmpty()) {
                assertAgrees(versions.get(i), models.get(i));
            }
        }
    }

    @Property(tries = 100)
    void aCrowdedRegistryAgreesWithTheModel(@ForAll("linearRuns") List<Step> steps,
            @ForAll("strides") int drainStride, @ForAll("crowdPatterns") String pattern) {
        Object[] pool = newPool();
        SubscriptionRegistry<Object> registry = new SubscriptionRegistry<>();
        Object other = new Object();
        registry.add("/topic/elsewhere", other);
        List<Object> model = new ArrayList<>();
        for (Step step : withDrain(steps, drainStride)) {
            Object subscriber = pool[step.who()];
            if (step.add()) {
                registry.add(pattern, subscriber);
                model.add(subscriber);
            } else {
                assertThat(registry.remove(pattern, subscriber)).as("%s", step)
                        .isEqualTo(removeIdentical(model, subscriber));
            }
            assertThat(identityCounts(registry.match("/topic/crowd"))).isEqualTo(identityCounts(model));
            assertThat(registry.size()).isEqualTo(model.size() + 1);
        }
        assertThat(registry.match("/topic/crowd")).isEmpty();
        assertThat(registry.match("/topic/elsewhere")).containsExactly(other);
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        // Mostly on the newest version; one step in ten on one up to five steps older.
        Arbitrary<Integer> back = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 5)));
        return steps(back);
    }

    @Provide
    Arbitrary<List<Step>> linearRuns() {
        return steps(Arbitraries.just(0));
    }

    private static Arbitrary<List<Step>> steps(Arbitrary<Integer> back) {
        Arbitrary<Integer> who = Arbitraries.integers().between(0, POOL - 1);
        Arbitrary<Step> add = Combinators.combine(who, back).as((w, b) -> new Step(true, w, b));
        Arbitrary<Step> remove = Combinators.combine(who, back).as((w, b) -> new Step(false, w, b));
        // Mostly adds, so that runs reach a few hundred; the drain that follows each run brings the
        // list back down through every size.
        return Arbitraries.frequencyOf(Tuple.of(3, add), Tuple.of(1, remove)).list().ofMaxSize(600);
    }

    @Provide
    Arbitrary<Integer> strides() {
        return Arbitraries.of(1, 3, 5, 7);
    }

    @Provide
    Arbitrary<String> crowdPatterns() {
        return Arbitraries.of("/topic/crowd", "/topic/*", "/topic/#");
    }

    /**
     * The run, then removes on the newest version that take every registration away in rounds,
     * each round visiting the pool by {@code stride} (odd, so all of it, not in pool order), so that
     * the list shrinks through every size with removes from all over it; finally one remove per
     * member, which finds nothing.
     */
    private static List<Step> withDrain(List<Step> steps, int stride) {
        List<Step> all = new ArrayList<>(steps);
        int[] budget = new int[POOL];
        steps.stream().filter(Step::add).forEach(step -> budget[step.who()]++);
        boolean any = true;
        while (any) {
            any = false;
            for (int i = 0, who = 0; i < POOL; i++, who = (who + stride) % POOL) {
                if (budget[who] > 0) {
                    budget[who]--;
                    all.add(new Step(false, who, 0));
                    any = true;
                }
            }
        }
        for (int who = 0; who < POOL; who++) {
            all.add(new Step(false, who, 0));
        }
        return all;
    }

    /** Same elements by identity, in the same order, through every way of reading the list. */
    private static void assertAgrees(List<Object> list, List<Object> model) {
        assertThat(disagreement(list, model)).as("list of %d", model.size()).isNull();
    }

    /** What differs, or null; plain loops, since it runs on every version after every step. */
    private static String disagreement(List<Object> list, List<Object> model) {
        int size = model.size();
        if (list.size() != size) {
            return "size " + list.size();
        }
        if (list instanceof SharedArrayList != size > SharedArrayList.THRESHOLD) {
            return "kind " + list.getClass().getSimpleName();
        }
        Object[] array = list.toArray();
        if (array.length != size) {
            return "toArray length " + array.length;
        }
        for (int i = 0; i < size; i++) {
            if (list.get(i) != model.get(i) || array[i] != model.get(i)) {
                return "element " + i;
            }
        }
        int i = 0;
        for (Object element : list) {
            if (i >= size || element != model.get(i)) {
                return "iterator at " + i;
            }
            i++;
        }
        if (i != size) {
            return "iterator ended at " + i;
        }
        return list.equals(model) && list.hashCode() == model.hashCode() ? null : "equals or hashCode";
    }

    private static Object[] newPool() {
        Object[] pool = new Object[POOL];
        Arrays.setAll(pool, i -> new Object());
        return pool;
    }

    private static boolean removeIdentical(List<Object> model, Object subscriber) {
        for (int i = 0; i < model.size(); i++) {
            if (model.get(i) == subscriber) {
                model.remove(i);
                return true;
            }
        }
        return false;
    }

    private static Map<Object, Integer> identityCounts(List<?> list) {
        Map<Object, Integer> counts = new IdentityHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            counts.merge(list.get(i), 1, Integer::sum);
        }
        return counts;
    }
}
