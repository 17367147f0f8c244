package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;

/** A session's way out: one message in Spring's channel at a time, and its backlog as writability. */
@DisplayName("OrderedOutbound")
class OrderedOutboundTest {
    /** A channel that takes every message and reports it handled only when the test says so. */
    private static final class HeldChannel implements MessageChannel {
        final List<Message<?>> sent = new ArrayList<>();
        boolean accepts = true;

        @Override
        public boolean send(Message<?> message, long timeout) {
            if (accepts) {
                sent.add(message);
            }
            return accepts;
        }

        /** What OutboundProgress does once Spring's handler wrote message {@code index}. */
        void handle(int index) {
            ((Runnable) sent.get(index).getHeaders().get(OrderedOutbound.HANDLED_HEADER)).run();
        }
    }

    private final HeldChannel channel = new HeldChannel();
    private final AtomicInteger writableAgain = new AtomicInteger();
    private final OrderedOutbound outbound = new OrderedOutbound(channel, 100, 200, writableAgain::incrementAndGet);

    private void add(String body, int bytes) {
        outbound.add(StompHeaderAccessor.create(StompCommand.MESSAGE), body.getBytes(), bytes);
    }

    @Test
    @DisplayName("the next message goes only once the one before was handled, in order; a second report changes nothing")
    void oneAtATimeInOrder() {
        add("1", 10);
        add("2", 10);
        add("3", 10);
        assertThat(channel.sent).hasSize(1);
        channel.handle(0);
        channel.handle(0);
        assertThat(channel.sent).hasSize(2);
        channel.handle(1);
        assertThat(channel.sent).extracting(m -> new String((byte[]) m.getPayload())).containsExactly("1", "2", "3");
    }

    @Test
    @DisplayName("not writable past the high-water mark, writable again (and told so) under the low one")
    void waterMarks() {
        add("a", 150);
        add("b", 100);
        assertThat(outbound.isWritable()).isFalse();
        channel.handle(0);
        assertThat(outbound.isWritable()).as("100 bytes left: not under the low mark").isFalse();
        channel.handle(1);
        assertThat(outbound.isWritable()).isTrue();
        assertThat(writableAgain).hasValue(1);
    }

    @Test
    @DisplayName("a message the channel refuses is skipped, and what waits for the drain runs once all is handled")
    void refusedAndDrained() {
        AtomicInteger drained = new AtomicInteger();
        channel.accepts = false;
        add("refused", 10);
        channel.accepts = true;
        add("taken", 10);
        outbound.whenDrained(drained::incrementAndGet);
        assertThat(channel.sent).hasSize(1);
        assertThat(drained).as("one message still in the channel").hasValue(0);
        channel.handle(0);
        assertThat(drained).hasValue(1);
    }
}
