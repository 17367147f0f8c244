package io.stompede.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * The architecture Spring chat servers use with an external broker: two application instances,
 * each relaying {@code /topic} to one Stompede through {@code StompBrokerRelayMessageHandler}.
 */
@DisplayName("Spring's StompBrokerRelayMessageHandler")
class SpringRelayTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    @DisplayName("two relaying instances share one broker: a client of instance 1 gets a room message sent through instance 2")
    void twoInstancesShareRoomsThroughTheBroker() throws Exception {
        List<Frame> connects = new CopyOnWriteArrayList<>();
        Broker broker = Broker.builder()
                .interceptor((session, frame) -> {
                    if (frame.command() == Command.CONNECT || frame.command() == Command.STOMP) {
                        connects.add(frame);
                    }
                })
                .build();
        ThreadPoolTaskScheduler receipts = new ThreadPoolTaskScheduler();
        receipts.initialize();
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        client.setMessageConverter(new StringMessageConverter());
        // Spring's client tracks receipts (and their time-outs) on a scheduler.
        client.setTaskScheduler(receipts);
        try (InteropBroker stompede = InteropBroker.start(broker, 0, 0);
             ChatInstance one = ChatInstance.start(new ChatInstance.Settings("instance-1", stompede.tcpPort()));
             ChatInstance two = ChatInstance.start(new ChatInstance.Settings("instance-2", stompede.tcpPort()))) {
            await("both system sessions").atMost(TIMEOUT)
                    .until(() -> one.relay().isBrokerAvailable() && two.relay().isBrokerAvailable());
            assertThat(connects).as("system CONNECTs").hasSize(2).allSatisfy(connect -> assertThat(
                    connect.header("heart-beat")).isEqualTo(
                    ChatConfig.SYSTEM_HEARTBEAT_MILLIS + "," + ChatConfig.SYSTEM_HEARTBEAT_MILLIS));

            RecordingHandler listener = new RecordingHandler();
            StompSession listening = client.connectAsync(one.webSocketUrl(), listener).get(10, TimeUnit.SECONDS);
            listening.setAutoReceipt(true);
            CountDownLatch subscribed = new CountDownLatch(1);
            // The relay forwards the SUBSCRIBE and its receipt request to Stompede: the RECEIPT
            // comes from the broker, so the subscription is in place there.
            listening.subscribe("/topic/rooms.5", listener).addReceiptTask(subscribed::countDown);
            assertThat(subscribed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("RECEIPT via instance 1").isTrue();

            RecordingHandler speaker = new RecordingHandler();
            StompSession speaking = client.connectAsync(two.webSocketUrl(), speaker).get(10, TimeUnit.SECONDS);
            speaking.send("/app/rooms/5", "hello room 5");

            await("the room message at instance 1").atMost(TIMEOUT).until(() -> !listener.messages.isEmpty());
            RecordingHandler.Received received = listener.messages.get(0);
            assertThat(received.payload()).isEqualTo("hello room 5 (via instance-2)");
            assertThat(received.headers().getDestination()).isEqualTo("/topic/rooms.5");

            // The system sessions beat every second: they outlive the broker's 2 s grace and
            // Spring's 3 s read timeout only if beats flow both ways.
            await("system sessions held").during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5))
                    .until(() -> one.relay().isBrokerAvailable() && two.relay().isBrokerAvailable()
                            && listening.isConnected());
            assertThat(broker.stats().connectedSessions()).as("2 system sessions and 2 client sessions").isEqualTo(4);
            assertThat(listener.failures).isEmpty();
            assertThat(speaker.failures).isEmpty();
            listening.disconnect();
            speaking.disconnect();
        } finally {
            client.stop();
            receipts.shutdown();
        }
    }
}
