package io.stompede.test;

import static io.stompede.test.StompAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit in memory, a fresh durable broker for each test: restarts keep persistent messages. */
class TestBrokerPerTestTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final TestBroker broker = TestBroker.inMemory().durable();

    @Test
    void aPersistentMessageSentBeforeARestartIsThereAfterIt() {
        InMemoryConnection sender = broker.connectInMemory();
        sender.connect();
        sender.sendWithBody(Command.SEND, "kept", "destination", "/queue/jobs", "persistent", "true", "receipt", "r");
        assertThat(sender.awaitFrame(WAIT).command()).isEqualTo(Command.RECEIPT);
        assertThat(broker.recording().firstSession()).askedForReceipt(Command.SEND);

        broker.restart();

        assertThat(broker.recording().sessions()).as("a restarted broker starts a new recording").isEmpty();
        InMemoryConnection consumer = broker.connectInMemory();
        consumer.connect();
        consumer.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/jobs");
        Frame message = consumer.awaitFrame(WAIT);
        assertThat(message.bodyAsString()).isEqualTo("kept");
        assertThat(broker.recording().firstSession()).subscribedTo("/queue/jobs").withHeader("id", "s");
        assertThat(broker.recording().firstSession().connection().transport()).isEqualTo("in-memory");
    }

    @Test
    void heartBeatsAreTimedOnTheVirtualClockInMemory() {
        InMemoryConnection client = broker.connectInMemory();
        client.connect(Headers.of("accept-version", "1.2", "host", "localhost", "heart-beat", "500,0"));
        for (int beat = 0; beat < 6; beat++) {
            broker.clock().advance(Duration.ofMillis(400));
            client.sendRaw("\n");
        }

        assertThat(broker.recording().firstSession()).sentHeartbeatsEvery(Duration.ofMillis(500), Duration.ofMillis(50));
        assertThatThrownBy(() -> assertThat(broker.recording().firstSession())
                .sentHeartbeatsEvery(Duration.ofMillis(300), Duration.ofMillis(50)))
                .hasMessageContaining("silent for PT0.4S");
    }

    @Test
    void eachTestHasABrokerOfItsOwn() {
        assertThat(broker.recording().sessions()).isEmpty();
        broker.connectInMemory().connect();
        assertThat(broker.recording().sessions()).hasSize(1);
    }
}
