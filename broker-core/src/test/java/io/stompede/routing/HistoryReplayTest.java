package io.stompede.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Headers;
import io.stompede.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HistoryReplayTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final HistoryReplay replay = new HistoryReplay(message ->
            seen.add(message.bodyAsString() + (message.headers().get("x-history") != null ? "(h)" : "")));

    private static Message message(String id) {
        return new Message(id, "/topic/t", Headers.EMPTY, id.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void liveMessagesWaitForTheHistoryAndThoseItHeldAlreadyAreNotRepeated() {
        replay.onPublish(message("m3"));
        replay.onPublish(message("m4"));
        assertThat(seen).as("held back until the history is read").isEmpty();

        replay.replay(List.of(message("m1"), message("m2"), message("m3")));
        replay.onPublish(message("m5"));

        assertThat(seen).containsExactly("m1(h)", "m2(h)", "m3(h)", "m4", "m5");
    }

    @Test
    void aLiveCopyOfAReplayedMessageThatComesAfterTheReplayIsDroppedOnce() {
        replay.replay(List.of(message("m1"), message("m2")));
        replay.onPublish(message("m2"));
        replay.onPublish(message("m3"));

        assertThat(seen).containsExactly("m1(h)", "m2(h)", "m3");
    }

    @Test
    void withNoHistoryTheHeldMessagesGoOutInOrder() {
        replay.onPublish(message("m1"));
        replay.replay(List.of());
        replay.onPublish(message("m2"));

        assertThat(seen).containsExactly("m1", "m2");
    }
}
