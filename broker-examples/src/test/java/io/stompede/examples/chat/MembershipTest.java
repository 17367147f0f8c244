package io.stompede.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cluster-wide member lists and the decisions of who announces ENTER and LEAVE, on a clock of the test's. */
class MembershipTest {
    private static final Duration EXPIRY = Duration.ofSeconds(6);
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final Membership one = new Membership("chat-1", EXPIRY, GRACE);

    @Test
    void twoTabsOfOneUserAreOneMemberWhoLeavesWithTheLastTabOnceTheGraceIsOver() {
        assertThat(one.enter(5, "alice")).as("first tab: ENTER").isTrue();
        assertThat(one.enter(5, "alice")).as("second tab: no news").isFalse();
        assertThat(one.members(5)).containsExactly("alice");

        assertThat(one.leave(5, "alice", T0)).as("one tab of two closed").isFalse();
        assertThat(one.leave(5, "alice", T0)).as("the last tab closed: a LEAVE is due").isTrue();
        assertThat(one.local()).as("not told to the others").isEmpty();
        assertThat(one.members(5)).as("a member until the LEAVE").containsExactly("alice");
        assertThat(one.due(T0.plus(GRACE).minusMillis(1))).isEmpty();

        assertThat(one.due(T0.plus(GRACE))).isEqualTo(Map.of(5L, Set.of("alice")));
        assertThat(one.members(5)).isEmpty();
        assertThat(one.due(T0.plus(GRACE).plusSeconds(1))).as("announced once").isEmpty();
        assertThat(one.leavesPending()).isFalse();
    }

    @Test
    void aLeaveOfSomeoneNeverSeenIsNoNews() {
        assertThat(one.leave(5, "ghost", T0)).isFalse();
        assertThat(one.leavesPending()).isFalse();
    }

    @Test
    void aUserBackWithinTheGraceNeitherLeftNorEntersAgain() {
        one.enter(5, "alice");
        one.leave(5, "alice", T0);

        assertThat(one.enter(5, "alice")).as("a reload: no ENTER, as no LEAVE was told").isFalse();
        assertThat(one.due(T0.plus(GRACE))).isEmpty();
        assertThat(one.members(5)).containsExactly("alice");
    }

    @Test
    void aUserMovingToAnotherInstanceBeforeEitherHearsTheOtherIsShownInTheRoomThroughout() {
        Membership a = new Membership("chat-a", EXPIRY, GRACE);
        Membership b = new Membership("chat-b", EXPIRY, GRACE);
        a.heard("chat-b", Map.of(), T0);
        assertThat(b.enter(5, "alice")).as("alice enters on b: ENTER").isTrue();
        a.heard("chat-b", b.local(), T0.plusMillis(100));

        // alice reloads her page and lands on a; a still hears her on b, so it announces no ENTER...
        assertThat(a.enter(5, "alice")).isFalse();
        // ...and b sees her last tab there close before it hears of her on a.
        assertThat(b.leave(5, "alice", T0.plusMillis(200))).as("no news of a yet").isTrue();
        a.heard("chat-b", b.local(), T0.plusMillis(300));
        b.heard("chat-a", a.local(), T0.plusMillis(400));

        assertThat(b.due(T0.plusMillis(200).plus(GRACE))).as("she moved to a: no LEAVE").isEmpty();
        assertThat(a.due(T0.plusMillis(200).plus(GRACE))).isEmpty();
        assertThat(a.members(5)).containsExactly("alice");
        assertThat(b.members(5)).containsExactly("alice");

        // When she does leave, from a, a announces it.
        assertThat(a.leave(5, "alice", T0.plusSeconds(5))).isTrue();
        assertThat(a.due(T0.plusSeconds(5).plus(GRACE))).isEqualTo(Map.of(5L, Set.of("alice")));
    }

    @Test
    void aLeaveIsCalledOffOnceTheUserIsHeardOfElsewhereWhoseInstanceThenAnnouncesIt() {
        one.enter(5, "alice");
        one.leave(5, "alice", T0);
        one.heard("chat-2", Map.of(5L, Set.of("alice")), T0.plus(GRACE).minusMillis(1));
        one.heard("chat-2", Map.of(), T0.plus(GRACE).minusMillis(1));

        assertThat(one.due(T0.plus(GRACE))).as("chat-2 had her, and announces her LEAVE").isEmpty();
    }

    @Test
    void membersOfOtherInstancesAreMergedAndAUserThereIsNoNewcomerHere() {
        one.heard("chat-2", Map.of(5L, Set.of("bob", "alice")), T0);

        assertThat(one.enter(5, "alice")).as("alice is in room 5 on chat-2 already").isFalse();
        assertThat(one.enter(5, "carol")).isTrue();
        assertThat(one.members(5)).containsExactly("alice", "bob", "carol");
        assertThat(one.local()).isEqualTo(Map.of(5L, Set.of("alice", "carol")));
        assertThat(one.leave(5, "alice", T0)).as("alice is still in room 5 on chat-2").isFalse();
        assertThat(one.leavesPending()).isFalse();
    }

    @Test
    void aNewerWordFromAnInstanceReplacesItsOlderOne() {
        one.heard("chat-2", Map.of(5L, Set.of("bob")), T0);
        one.heard("chat-2", Map.of(6L, Set.of("bob")), T0.plusSeconds(1));

        assertThat(one.rooms()).isEqualTo(Map.of(6L, Set.of("bob")));
    }

    @Test
    void itsOwnWordIsIgnored() {
        one.heard("chat-1", Map.of(5L, Set.of("mallory")), T0);

        assertThat(one.members(5)).isEmpty();
    }

    @Test
    void anInstanceNotHeardIsForgottenAndTheLowestLiveIdAnnouncesItsUsersLeaving() {
        one.enter(5, "alice");
        one.heard("chat-2", Map.of(5L, Set.of("bob", "alice")), T0);
        one.heard("chat-3", Map.of(5L, Set.of("carol")), T0.plusSeconds(5));

        assertThat(one.expire(T0.plus(EXPIRY))).as("chat-2 is not late yet").isEmpty();
        Map<Long, Set<String>> gone = one.expire(T0.plus(EXPIRY).plusMillis(1));

        assertThat(gone).as("alice is still here; bob went with chat-2").isEqualTo(Map.of(5L, Set.of("bob")));
        assertThat(one.members(5)).containsExactly("alice", "carol");
    }

    @Test
    void onlyTheLowestLiveIdAnnouncesSoEachLeaveIsPublishedOnce() {
        Membership three = new Membership("chat-3", EXPIRY, GRACE);
        three.heard("chat-1", Map.of(), T0.plusSeconds(5));
        three.heard("chat-2", Map.of(5L, Set.of("bob")), T0);

        assertThat(three.expire(T0.plus(EXPIRY).plusSeconds(1))).as("chat-1 announces it").isEmpty();
        assertThat(three.members(5)).isEmpty();
    }
}
