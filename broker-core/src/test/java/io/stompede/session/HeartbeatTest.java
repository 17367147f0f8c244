package io.stompede.session;

import static io.stompede.session.Clients.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    private final VirtualClock clock = new VirtualClock();
    private final Broker broker = Broker.builder().build();

    /** Connects asking for {@code heartbeat}; the default broker agrees to 1 s as asked, and says so. */
    private InMemoryConnection connect(String heartbeat) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        Frame connected = client.connect(Headers.of("accept-version", "1.2", "heart-beat", heartbeat));
        String[] asked = heartbeat.split(",");
        assertThat(connected.header("heart-beat")).isEqualTo(asked[1] + "," + asked[0]);
        return client;
    }

    @Test
    void theBrokerSendsAnEolWheneverItHasBeenIdleForItsInterval() {
        InMemoryConnection client = connect("0,1000");

        clock.advance(Duration.ofMillis(10_000));

        assertThat(client.heartbeatsReceived()).isBetween(9, 11);
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void theBrokerSendsNoHeartbeatsWhenTheClientWantsNone() {
        InMemoryConnection client = connect("0,0");

        clock.advance(Duration.ofMinutes(10));

        assertThat(client.heartbeatsReceived()).isZero();
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void aClientThatKeepsSendingEolsStaysConnected() {
        InMemoryConnection client = connect("1000,0");

        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofMillis(1000));
            client.sendRaw("\n");
        }

        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void aSilentClientIsClosedAfterItsIntervalTimesTheGraceFactor() {
        InMemoryConnection client = connect("1000,0");

        clock.advance(Duration.ofMillis(1999));
        assertThat(client.isClosed()).as("silent for less than interval x grace").isFalse();
        clock.advance(Duration.ofMillis(2001));

        error(client, "heart-beat timeout");
        assertThat(broker.stats().connections()).isZero();
    }

    @Test
    void anyFrameCountsAsLife() {
        InMemoryConnection client = connect("1000,0");

        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(1500));
            client.send(Command.SEND, "destination", "/topic/alive");
        }

        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void aMalformedHeartbeatHeaderIsAnError() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.send(io.stompede.frame.Command.CONNECT, "accept-version", "1.2", "heart-beat", "soon");

        error(client, "invalid heart-beat header");
    }

    @Test
    void aClientTheBrokerHoldsBackIsNotClosedForTheSilenceItCauses() {
        Broker capped = Broker.builder().maxMemory(20_000).build();
        InMemoryConnection producer = InMemoryConnection.open(capped, clock);
        producer.connect(Headers.of("accept-version", "1.2", "heart-beat", "1000,0"));
        String body = "x".repeat(500);
        for (int sent = 0; producer.isBeingRead(); sent++) {
            assertThat(sent).as("paused over its queue's memory share before long").isLessThan(1000);
            producer.sendWithBody(Command.SEND, body, "destination", "/queue/held");
        }
        producer.sendRaw("\n");

        clock.advance(Duration.ofSeconds(30));
        assertThat(producer.isClosed()).as("its heart-beats wait unread while the broker holds it back").isFalse();

        assertThat(capped.purgeQueue("/queue/held")).isPositive();
        assertThat(producer.isBeingRead()).isTrue();
        clock.advance(Duration.ofMillis(1999));
        assertThat(producer.isClosed()).as("a full timeout from the resumption").isFalse();
        clock.advance(Duration.ofMillis(2001));
        error(producer, "heart-beat timeout");
    }
}
