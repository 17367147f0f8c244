package io.stompede.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Headers;
import io.stompede.frame.StompVersion;
import io.stompede.message.Message;
import io.stompede.observer.BrokerCounters;
import io.stompede.transport.Connection;
import io.stompede.transport.ConnectionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A session's delivery state holds no connection: detached, it keeps what arrives; attached to
 * another connection, that one drains it. This is what resuming a session will stand on.
 */
class DeliveryStateTest {
    private final DeliveryState state = new DeliveryState(new Outbox(100, SlowConsumerPolicy.DROP_OLDEST,
            new BrokerCounters()));
    private final SessionSubscription subscription = new SessionSubscription("s", "/topic/t", AckMode.AUTO, null, 10,
            StompVersion.V1_2, state.outbox());
    private final List<String> written = new ArrayList<>();
    private final Outbox.Writer writer = (sub, item, redelivery) -> written.add(sub.id + ":" + item.message().bodyAsString());

    @Test
    @DisplayName("deliveries wait while detached, and the connection attached next drains them, in order")
    void detachAndAttachToAnotherConnection() {
        state.add(subscription);
        ManualConnection first = new ManualConnection();
        state.attach(first, () -> state.outbox().drain(writer, 100), () -> { });
        subscription.onPublish(message("1"));
        first.runTasks();
        assertThat(written).containsExactly("s:1");

        state.detach();
        subscription.onPublish(message("2"));
        subscription.onPublish(message("3"));
        assertThat(first.tasks).as("a detached state schedules nothing").isEmpty();

        ManualConnection second = new ManualConnection();
        state.attach(second, () -> state.outbox().drain(writer, 100), () -> { });
        second.runTasks();
        assertThat(written).containsExactly("s:1", "s:2", "s:3");
        assertThat(state.subscription("s")).as("the subscriptions came along").isSameAs(subscription);

        subscription.onPublish(message("4"));
        assertThat(first.tasks).isEmpty();
        second.runTasks();
        assertThat(written).containsExactly("s:1", "s:2", "s:3", "s:4");
    }

    @Test
    @DisplayName("a delivery awaiting its ACK stays with the state, under its ack id, across connections")
    void pendingAcknowledgementsStayWithTheState() {
        state.add(subscription);
        Message message = message("x");
        long ackId = state.awaitAcknowledgement(subscription, message, null, false);
        state.detach();
        state.attach(new ManualConnection(), () -> { }, () -> { });
        PendingDelivery pending = state.pending(ackId);
        assertThat(pending.message()).isSameAs(message);
        assertThat(pending.subscription()).isSameAs(subscription);
        assertThat(state.awaitAcknowledgement(subscription, message("y"), null, false)).isGreaterThan(ackId);
    }

    private static Message message(String body) {
        return new Message("m-" + body, "/topic/t", Headers.EMPTY, body.getBytes());
    }

    /** A connection whose thread is the test's: tasks run when the test says. */
    private static final class ManualConnection implements Connection {
        final List<Runnable> tasks = new ArrayList<>();

        void runTasks() {
            while (!tasks.isEmpty()) {
                tasks.remove(0).run();
            }
        }

        @Override
        public void write(EncodedFrame frame) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void setReading(boolean reading) {
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            return () -> { };
        }

        @Override
        public ConnectionInfo info() {
            return ConnectionInfo.plain("test", null, null);
        }
    }
}
