package io.stompede.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.cluster.ClusterBus;
import io.stompede.frame.Headers;
import io.stompede.message.Message;
import io.stompede.message.Position;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HistoryReplayTest {
    private static final String EPOCH = "e1";

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final HistoryReplay replay = new HistoryReplay(message ->
            seen.add(message.bodyAsString() + (message.headers().get("x-history") != null ? "(h)" : "")));

    /** Message {@code m<offset>} at {@code offset} of the epoch; its id is another node's, unrelated to the offset. */
    private static Message message(long offset) {
        Message plain = new Message("id-" + (offset * 7919), "/topic/t", Headers.EMPTY,
                ("m" + offset).getBytes(StandardCharsets.UTF_8));
        return new Position(EPOCH, offset).stamp(plain);
    }

    /** The history holding {@code offsets}, the last of them the last it gave out. */
    private static ClusterBus.History history(long... offsets) {
        return new ClusterBus.History(EPOCH, offsets[offsets.length - 1],
                java.util.Arrays.stream(offsets).mapToObj(HistoryReplayTest::message).toList());
    }

    @Test
    void liveMessagesWaitForTheHistoryAndThoseItHeldAlreadyAreNotRepeated() {
        replay.onPublish(message(3));
        replay.onPublish(message(4));
        assertThat(seen).as("held back until the history is read").isEmpty();

        replay.replay(history(1, 2, 3), Replay.last(10));
        replay.onPublish(message(5));

        assertThat(seen).containsExactly("m1(h)", "m2(h)", "m3(h)", "m4", "m5");
    }

    @Test
    void aLiveCopyOfAReplayedMessageThatComesAfterTheReplayIsDropped() {
        replay.replay(history(1, 2), Replay.last(10));
        replay.onPublish(message(2));
        replay.onPublish(message(3));

        assertThat(seen).containsExactly("m1(h)", "m2(h)", "m3");
    }

    @Test
    void withNoHistoryTheHeldMessagesGoOutInOrder() {
        replay.onPublish(message(1));
        replay.replay(new ClusterBus.History(null, 0, List.of()), Replay.last(10));
        replay.onPublish(message(2));

        assertThat(seen).containsExactly("m1", "m2");
    }

    @Test
    void sinceAPositionLiveCopiesAtOrBelowItAreDroppedAndTheReceiptSaysRecovered() {
        replay.onPublish(message(4));
        replay.onPublish(message(6));
        Recovery recovery = replay.replay(history(5, 6), Replay.since(new Position(EPOCH, 4)));
        replay.onPublish(message(7));

        assertThat(recovery).isEqualTo(Recovery.RECOVERED);
        assertThat(seen).containsExactly("m5(h)", "m6(h)", "m7");
    }

    @Test
    void aPositionOfAnotherEpochGetsAllTheHistoryAndIsToldSo() {
        Recovery recovery = replay.replay(history(5, 6), Replay.since(new Position("e0", 9)));
        replay.onPublish(message(6));
        replay.onPublish(message(7));

        assertThat(recovery).isEqualTo(Recovery.EPOCH_CHANGED);
        assertThat(seen).containsExactly("m5(h)", "m6(h)", "m7");
    }

    @Test
    void aPositionThatTheHistoryNoLongerReachesIsTooOld() {
        Recovery recovery = replay.replay(history(5, 6), Replay.since(new Position(EPOCH, 3)));

        assertThat(recovery).isEqualTo(Recovery.TOO_OLD);
        assertThat(seen).containsExactly("m5(h)", "m6(h)");
    }

    @Test
    @DisplayName("a position past the history's last offset (it lost its latest writes) gets all the history, "
            + "told ahead, and no live message at or below that position is dropped")
    void aPositionAheadOfTheHistoryGetsItAllAndDropsNoLiveMessage() {
        replay.onPublish(message(3));
        Recovery recovery = replay.replay(history(1, 2), Replay.since(new Position(EPOCH, 5)));
        replay.onPublish(message(4));
        replay.onPublish(message(5));
        replay.onPublish(message(6));

        assertThat(recovery).isEqualTo(Recovery.AHEAD);
        assertThat(seen).containsExactly("m1(h)", "m2(h)", "m3", "m4", "m5", "m6");
    }
}
