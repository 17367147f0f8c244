package io.stompede.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SubscriptionRegistryTest {
    /** Equal to every other subscription of the same name, so that a registry relying on equals shows. */
    record Subscription(String name) {
    }

    private final SubscriptionRegistry<Subscription> registry = new SubscriptionRegistry<>();
    private final Subscription alice = new Subscription("alice");
    private final Subscription bob = new Subscription("bob");

    @Nested
    class ExactPatterns {
        @Test
        void matchListsTheSubscribersOfThatDestinationOnly() {
            registry.add("/topic/a", alice);
            registry.add("/topic/a", bob);
            registry.add("/topic/b", bob);

            assertThat(registry.match("/topic/a")).containsExactlyInAnyOrder(alice, bob);
            assertThat(registry.match("/topic/b")).containsExactly(bob);
            assertThat(registry.match("/topic/c")).isEmpty();
            assertThat(registry.size()).isEqualTo(3);
        }

        @Test
        void removeTakesAwayOneRegistrationAndSaysWhetherThereWasOne() {
            registry.add("/topic/a", alice);
            registry.add("/topic/a", bob);

            assertThat(registry.remove("/topic/a", alice)).isTrue();
            assertThat(registry.remove("/topic/a", alice)).isFalse();
            assertThat(registry.remove("/topic/other", bob)).isFalse();

            assertThat(registry.match("/topic/a")).containsExactly(bob);
            assertThat(registry.size()).isEqualTo(1);
        }

        @Test
        void subscribersAreComparedByIdentityNotByEquals() {
            Subscription first = new Subscription("same");
            Subscription second = new Subscription("same");
            registry.add("/topic/a", first);
            registry.add("/topic/a", second);

            assertThat(registry.remove("/topic/a", new Subscription("same"))).isFalse();
            assertThat(registry.remove("/topic/a", second)).isTrue();

            assertThat(registry.match("/topic/a")).singleElement().isSameAs(first);
        }

        @Test
        void aLastRemovalLeavesNoTraceOfTheDestination() {
            registry.add("/topic/a", alice);
            registry.remove("/topic/a", alice);

            assertThat(registry.match("/topic/a")).isEmpty();
            assertThat(registry.countsByPattern()).isEmpty();
            assertThat(registry.size()).isZero();
        }

        @Test
        void matchReturnsTheSamePrebuiltSnapshotEachTime() {
            registry.add("/topic/a", alice);
            registry.add("/topic/*", bob);

            List<Subscription> first = registry.match("/topic/b");
            assertThat(registry.match("/topic/b")).isSameAs(first);
            registry.add("/topic/b", alice);
            List<Subscription> exactOnly = registry.match("/topic/a.b");
            assertThat(registry.match("/topic/a.b")).isSameAs(exactOnly);
        }

        @Test
        void theResultIsImmutable() {
            registry.add("/topic/a", alice);
            registry.add("/topic/*", bob);

            assertThatThrownBy(() -> registry.match("/topic/a").add(bob))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> registry.match("/topic/none").add(bob))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void anExactLookupAllocatesNothingInTheSteadyState() {
            for (int i = 0; i < 1_000; i++) {
                registry.add("/topic/" + i, new Subscription("s" + i));
            }
            registry.add("/queue/**", bob);
            for (int i = 0; i < 1_000; i++) {
                registry.match("/topic/" + i);
            }
            String[] destinations = {"/topic/1", "/topic/500", "/topic/none"};
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long threadId = Thread.currentThread().getId();

            long before = threads.getThreadAllocatedBytes(threadId);
            int found = 0;
            for (int i = 0; i < 30_000; i++) {
                found += registry.match(destinations[i % destinations.length]).size();
            }
            long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            assertThat(found).isEqualTo(20_000);
            // 30,000 lookups at even 16 bytes each would be 480,000 bytes; the margin is for the meter.
            assertThat(allocated).isLessThan(16_384);
        }
    }

    @Nested
    class WildcardPatterns {
        @Test
        void eachWildcardFormMatchesItsSegments() {
            Subscription one = new Subscription("one");
            Subscription many = new Subscription("many");
            Subscription hash = new Subscription("hash");
            Subscription middle = new Subscription("middle");
            Subscription twoWildcards = new Subscription("two");
            registry.add("/topic/*", one);
            registry.add("/topic/**", many);
            registry.add("/topic/#", hash);
            registry.add("/topic/*/price", middle);
            registry.add("/topic/**/*/price", twoWildcards);

            assertThat(registry.match("/topic")).containsExactlyInAnyOrder(many, hash);
            assertThat(registry.match("/topic/acme")).containsExactlyInAnyOrder(one, many, hash);
            assertThat(registry.match("/topic/acme/price")).containsExactlyInAnyOrder(many, hash, middle, twoWildcards);
            assertThat(registry.match("/topic/nyse/acme/price")).containsExactlyInAnyOrder(many, hash, twoWildcards);
            assertThat(registry.match("/queue/acme")).isEmpty();
        }

        @Test
        void aLiteralStarInsideASegmentIsNoWildcard() {
            registry.add("/topic/room*", alice);

            assertThat(registry.match("/topic/room5")).isEmpty();
            assertThat(registry.match("/topic/room*")).containsExactly(alice);
        }

        @Test
        void theSeparatorsAreInterchangeableForWildcardsOnly() {
            registry.add("/topic/a/*", alice);
            registry.add("/topic/a.b", bob);

            assertThat(registry.match("/topic/a.b")).containsExactlyInAnyOrder(alice, bob);
            assertThat(registry.match("/topic/a/b")).containsExactly(alice);
        }

        @Test
        void aLeadingSlashIsPartOfTheName() {
            registry.add("/topic/*", alice);
            registry.add("topic/*", bob);

            assertThat(registry.match("/topic/x")).containsExactly(alice);
            assertThat(registry.match("topic/x")).containsExactly(bob);
        }

        @Test
        void removeTakesThePatternAsWrittenSoHashAndDoubleStarAreDistinct() {
            registry.add("/topic/#", alice);
            registry.add("/topic/**", alice);

            assertThat(registry.remove("/topic/**", alice)).isTrue();
            assertThat(registry.remove("/topic/**", alice)).isFalse();
            assertThat(registry.remove("/topic/*", alice)).isFalse();
            assertThat(registry.remove("/topic/#", bob)).isFalse();

            assertThat(registry.match("/topic/x")).containsExactly(alice);
            assertThat(registry.countsByPattern()).containsExactly(Map.entry("/topic/#", 1));
        }
    }

    @Nested
    class SeveralRegistrations {
        @Test
        void aSubscriberUnderSeveralMatchingPatternsAppearsOncePerRegistration() {
            registry.add("/topic/a", alice);
            registry.add("/topic/*", alice);
            registry.add("/topic/**", alice);
            registry.add("/topic/**", alice);
            registry.add("/topic/**/**", alice);

            assertThat(registry.match("/topic/a")).hasSize(5).containsOnly(alice);
            assertThat(registry.size()).isEqualTo(5);
        }

        @Test
        void removingOneRegistrationLeavesTheOthers() {
            registry.add("/topic/a", alice);
            registry.add("/topic/*", alice);
            registry.add("/topic/*", alice);

            registry.remove("/topic/*", alice);
            assertThat(registry.match("/topic/a")).hasSize(2);
            registry.remove("/topic/a", alice);
            assertThat(registry.match("/topic/a")).hasSize(1);
            registry.remove("/topic/*", alice);
            assertThat(registry.match("/topic/a")).isEmpty();
            assertThat(registry.size()).isZero();
        }

        @Test
        void countsByPatternReportsRegistrationsPerPatternAsWritten() {
            registry.add("/topic/a", alice);
            registry.add("/topic/a", bob);
            registry.add("/topic/*", alice);
            registry.add("/topic.#", bob);
            registry.add("/topic/**", bob);

            assertThat(registry.countsByPattern()).containsExactly(
                    Map.entry("/topic.#", 1), Map.entry("/topic/*", 1), Map.entry("/topic/**", 1),
                    Map.entry("/topic/a", 2));
        }
    }

    @Nested
    class CacheInvalidation {
        @Test
        void anExactAddAfterACachedMatchIsSeen() {
            registry.add("/topic/*", alice);
            assertThat(registry.match("/topic/a")).containsExactly(alice);
            assertThat(registry.cachedDestinations()).isEqualTo(1);

            registry.add("/topic/a", bob);

            assertThat(registry.match("/topic/a")).containsExactlyInAnyOrder(alice, bob);
        }

        @Test
        void anExactRemoveAfterACachedMatchIsSeen() {
            registry.add("/topic/*", alice);
            registry.add("/topic/a", bob);
            assertThat(registry.match("/topic/a")).containsExactlyInAnyOrder(alice, bob);

            registry.remove("/topic/a", bob);

            assertThat(registry.match("/topic/a")).containsExactly(alice);
        }

        @Test
        void aWildcardAddInvalidatesCachedExactResults() {
            registry.add("/queue/**", alice);
            registry.add("/topic/a", bob);
            assertThat(registry.match("/topic/a")).containsExactly(bob);

            registry.add("/topic/*", alice);

            assertThat(registry.match("/topic/a")).containsExactlyInAnyOrder(alice, bob);
        }

        @Test
        void aWildcardRemoveAfterACachedMatchIsSeen() {
            registry.add("/topic/*", alice);
            registry.add("/topic/**", bob);
            assertThat(registry.match("/topic/a")).containsExactlyInAnyOrder(alice, bob);

            registry.remove("/topic/**", bob);

            assertThat(registry.match("/topic/a")).containsExactly(alice);
            registry.remove("/topic/*", alice);
            assertThat(registry.match("/topic/a")).isEmpty();
        }

        @Test
        void theCacheStaysWithinItsLimit() {
            SubscriptionRegistry<Subscription> small = new SubscriptionRegistry<>(8);
            small.add("/topic/**", alice);

            for (int i = 0; i < 100; i++) {
                assertThat(small.match("/topic/" + i)).containsExactly(alice);
                assertThat(small.cachedDestinations()).isLessThanOrEqualTo(8);
            }
        }

        @Test
        void aRegistryWithoutCacheStillMatches() {
            SubscriptionRegistry<Subscription> uncached = new SubscriptionRegistry<>(0);
            uncached.add("/topic/*", alice);
            uncached.add("/topic/a", bob);

            assertThat(uncached.match("/topic/a")).containsExactlyInAnyOrder(alice, bob);
            assertThat(uncached.cachedDestinations()).isZero();
        }

        @Test
        void aNegativeCacheLimitIsRefused() {
            assertThatThrownBy(() -> new SubscriptionRegistry<Subscription>(-1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
