package io.stompede.destination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Compares the registry, and a pattern on its own, with a naive reference that knows nothing of
 * tries, caches or automata: it keeps a list of registrations and turns each pattern into a regular
 * expression.
 */
class SubscriptionRegistryProperties {
    private static final Set<String> WILDCARDS = Set.of("*", "**", "#");
    private static final int SUBSCRIBERS = 3;

    sealed interface Action permits Add, Remove, Match {
    }

    record Add(String pattern, int subscriber) implements Action {
    }

    record Remove(String pattern, int subscriber) implements Action {
    }

    record Match(String destination) implements Action {
    }

    @Property(tries = 400)
    void theRegistryAgreesWithTheNaiveReference(@ForAll("actions") List<Action> actions,
            @ForAll("cacheLimits") int cacheLimit) {
        SubscriptionRegistry<Object> registry = new SubscriptionRegistry<>(cacheLimit);
        NaiveRegistry reference = new NaiveRegistry();
        Object[] subscribers = new Object[SUBSCRIBERS];
        Arrays.setAll(subscribers, i -> new Object());

        for (Action action : actions) {
            if (action instanceof Add add) {
                registry.add(add.pattern(), subscribers[add.subscriber()]);
                reference.add(add.pattern(), subscribers[add.subscriber()]);
            } else if (action instanceof Remove remove) {
                assertThat(registry.remove(remove.pattern(), subscribers[remove.subscriber()]))
                        .as("%s", remove)
                        .isEqualTo(reference.remove(remove.pattern(), subscribers[remove.subscriber()]));
            } else if (action instanceof Match match) {
                assertThat(registry.match(match.destination()))
                        .as("%s", match)
                        .containsExactlyInAnyOrderElementsOf(reference.match(match.destination()));
            }
            assertThat(registry.size()).isEqualTo(reference.size());
        }
    }

    @Property(tries = 1000)
    void aPatternOnItsOwnAgreesWithTheNaiveReference(@ForAll("patterns") String pattern,
            @ForAll("destinations") String destination) {
        assertThat(DestinationPattern.compile(pattern).matches(destination))
                .isEqualTo(NaiveRegistry.matches(pattern, destination));
        assertThat(DestinationPattern.isWildcard(pattern)).isEqualTo(NaiveRegistry.isWildcard(pattern));
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> subscriber = Arbitraries.integers().between(0, SUBSCRIBERS - 1);
        // Removes draw from the same small pattern space as adds, so most of them hit something.
        Arbitrary<Action> add = Combinators.combine(patterns(), subscriber).as(Add::new);
        Arbitrary<Action> remove = Combinators.combine(patterns(), subscriber).as(Remove::new);
        Arbitrary<Action> match = destinations().map(Match::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, add), net.jqwik.api.Tuple.of(2, remove), net.jqwik.api.Tuple.of(4, match))
                .list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<Integer> cacheLimits() {
        return Arbitraries.of(0, 1, 3, SubscriptionRegistry.DEFAULT_CACHE_LIMIT);
    }

    @Provide
    Arbitrary<String> patterns() {
        return names(Arbitraries.of("a", "b", "", "*", "**", "#", "a*"));
    }

    @Provide
    Arbitrary<String> destinations() {
        return names(Arbitraries.of("a", "b", "", "*", "a*"));
    }

    /** Up to four segments, each followed by '/' or '.', with or without a leading separator. */
    private static Arbitrary<String> names(Arbitrary<String> segment) {
        Arbitrary<String> separator = Arbitraries.of("/", ".");
        Arbitrary<String> separated = Combinators.combine(separator, segment).as(String::concat);
        return Combinators.combine(Arbitraries.of("", "/", "."), segment, separated.list().ofMaxSize(3))
                .as((lead, first, rest) -> lead + first + String.join("", rest));
    }

    /** The reference: a list of registrations, each pattern matched through a regular expression. */
    static final class NaiveRegistry {
        private record Registration(String pattern, Object subscriber) {
        }

        private final List<Registration> registrations = new ArrayList<>();

        void add(String pattern, Object subscriber) {
            registrations.add(new Registration(pattern, subscriber));
        }

        boolean remove(String pattern, Object subscriber) {
            for (int i = 0; i < registrations.size(); i++) {
                Registration registration = registrations.get(i);
                if (registration.pattern().equals(pattern) && registration.subscriber() == subscriber) {
                    registrations.remove(i);
                    return true;
                }
            }
            return false;
        }

        List<Object> match(String destination) {
            return registrations.stream()
                    .filter(registration -> matches(registration.pattern(), destination))
                    .map(Registration::subscriber)
                    .toList();
        }

        int size() {
            return registrations.size();
        }

        static boolean isWildcard(String pattern) {
            return Arrays.stream(pattern.split("[/.]", -1)).anyMatch(WILDCARDS::contains);
        }

        /**
         * Writes the destination as its segments, each ended by '/', and the pattern as a regular
         * expression over that form: a literal ends in '/', {@code *} is one segment, {@code **} and
         * {@code #} any number of them.
         */
        static boolean matches(String pattern, String destination) {
            if (!isWildcard(pattern)) {
                return pattern.equals(destination);
            }
            String regex = Arrays.stream(pattern.split("[/.]", -1))
                    .map(segment -> switch (segment) {
                        case "*" -> "[^/]*/";
                        case "**", "#" -> "(?:[^/]*/)*";
                        default -> Pattern.quote(segment) + "/";
                    })
                    .collect(Collectors.joining());
            String normalized = Arrays.stream(destination.split("[/.]", -1))
                    .map(segment -> segment + "/")
                    .collect(Collectors.joining());
            return normalized.matches(regex);
        }
    }
}
