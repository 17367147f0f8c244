package io.stompede;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.observer.WireTap;
import io.stompede.transport.ConnectionInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a {@link WireTap} hears of a connection: the bytes in, the frames out, and the end. */
class WireTapTest {
    private final List<String> heard = new CopyOnWriteArrayList<>();

    private final WireTap tap = (ConnectionInfo connection) -> {
        heard.add("opened " + connection.transport());
        return new WireTap.Listener() {
            @Override
            public void received(ByteBuffer bytes) {
                heard.add("in " + StandardCharsets.UTF_8.decode(bytes).toString().split("\n")[0]);
            }

            @Override
            public void sent(EncodedFrame frame) {
                ByteBuffer bytes = ByteBuffer.allocate(frame.length());
                frame.writeTo(bytes);
                String command = new String(bytes.array(), StandardCharsets.UTF_8).split("\n")[0];
                heard.add("out " + command + (frame.subscriptionId() == null ? "" : " to " + frame.subscriptionId()));
            }

            @Override
            public void closed() {
                heard.add("closed");
            }
        };
    };

    @Test
    void theTapHearsWhatTheClientSentBeforeTheBrokerAndEveryFrameTheBrokerWrote() {
        Broker broker = Broker.builder().wireTap(tap).build();
        InMemoryConnection client = InMemoryConnection.open(broker, new VirtualClock());

        assertThat(client.connect().command()).isEqualTo(Command.CONNECTED);
        client.send(Command.SUBSCRIBE, "id", "s", "destination", "/topic/t");
        broker.publish("/topic/t", "hello").join();
        assertThat(client.awaitFrame(Duration.ofSeconds(5)).bodyAsString()).isEqualTo("hello");
        client.send(Command.DISCONNECT, "receipt", "bye");
        client.awaitFrame(Duration.ofSeconds(5));

        assertThat(heard).containsExactly("opened in-memory", "in CONNECT", "out CONNECTED", "in SUBSCRIBE",
                "out MESSAGE to s", "in DISCONNECT", "out RECEIPT", "closed");
    }

    @Test
    void aDeliveryNamesItsSubscriptionAsTheClientGaveItWhateverTheEscapingOnTheWire() {
        Broker broker = Broker.builder().wireTap(tap).build();
        InMemoryConnection client = InMemoryConnection.open(broker, new VirtualClock());
        client.connect();

        client.send(Command.SUBSCRIBE, "id", "room:5", "destination", "/topic/t", "receipt", "r1");
        client.awaitFrame(Duration.ofSeconds(5));
        broker.publish("/topic/t", "hello").join();
        assertThat(client.awaitFrame(Duration.ofSeconds(5)).header("subscription")).isEqualTo("room:5");

        assertThat(heard).contains("out RECEIPT", "out MESSAGE to room:5");
    }
}
