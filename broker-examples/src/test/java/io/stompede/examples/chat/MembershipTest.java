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
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final Membership one = new Membership("chat-1", EXPIRY);

    @Test
    void twoTabsOfOneUserAreOneMemberWhoLeavesWithTheLastTab() {
        assertThat(one.enter(5, "alice")).as("first tab: ENTER").isTrue();
        assertThat(one.enter(5, "alice")).as("second tab: no news").isFalse();
        assertThat(one.members(5)).containsExactly("alice");

        assertThat(one.leave(5, "alice")).as("one tab of two closed").isFalse();
        assertThat(one.leave(5, "alice")).as("the last tab closed: LEAVE").isTrue();
        assertThat(one.members(5)).isEmpty();
        assertThat(one.local()).isEmpty();
    }

    @Test
    void aLeaveOfSomeoneNeverSeenIsNoNews() {
        assertThat(one.leave(5, "ghost")).isFalse();
    }

    @Test
    void membersOfOtherInstancesAreMergedAndAUserThereIsNoNewcomerHere() {
        one.heard("chat-2", Map.of(5L, Set.of("bob", "alice")), T0);

        assertThat(one.enter(5, "alice")).as("alice is in room 5 on chat-2 already").isFalse();
        assertThat(one.enter(5, "carol")).isTrue();
        assertThat(one.members(5)).containsExactly("alice", "bob", "carol");
        assertThat(one.local()).isEqualTo(Map.of(5L, Set.of("alice", "carol")));
        assertThat(one.leave(5, "alice")).as("alice is still in room 5 on chat-2").isFalse();
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
        Membership three = new Membership("chat-3", EXPIRY);
        three.heard("chat-1", Map.of(), T0.plusSeconds(5));
        three.heard("chat-2", Map.of(5L, Set.of("bob")), T0);

        assertThat(three.expire(T0.plus(EXPIRY).plusSeconds(1))).as("chat-1 announces it").isEmpty();
        assertThat(three.members(5)).isEmpty();
    }
}
