package io.stompede.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Spring's STOMP clients: WebSocketStompClient against the WebSocket listener, ReactorNettyTcpStompClient against TCP. */
@DisplayName("Spring's STOMP clients")
class SpringStompClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static InteropBroker broker;
    private static ThreadPoolTaskScheduler scheduler;

    private SpringClients.Connected connected;
    private final RecordingHandler handler = new RecordingHandler();

    @BeforeAll
    static void start() {
        broker = InteropBroker.start();
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("spring-stomp-heartbeats-");
        scheduler.initialize();
    }

    @AfterAll
    static void stop() {
        scheduler.shutdown();
        broker.close();
    }

    @AfterEach
    void shutdownClient() {
        if (connected != null) {
            connected.shutdown().run();
        }
    }

    private StompSession connect(SpringClients client, long[] heartbeat) throws Exception {
        connected = client.connect(broker, scheduler, heartbeat, handler);
        StompSession session = connected.session().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(session.isConnected()).isTrue();
        // The session future may complete just before the handler hears of CONNECTED.
        await().atMost(TIMEOUT).until(() -> handler.connected != null);
        return session;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SpringClients.class)
    @DisplayName("connects, subscribes and sends with receipts, and receives the message with its custom headers")
    void connectSubscribeSendWithReceipts(SpringClients client) throws Exception {
        StompSession session = connect(client, new long[] {0, 0});
        assertThat(handler.connected.getFirst("version")).isEqualTo("1.2");
        assertThat(handler.connected.getFirst("server")).startsWith("Stompede/");
        session.setAutoReceipt(true);

        String destination = "/topic/interop.spring." + client.name().toLowerCase();
        CountDownLatch subscribed = new CountDownLatch(1);
        StompSession.Subscription subscription = session.subscribe(destination, handler);
        subscription.addReceiptTask(subscribed::countDown);
        assertThat(subscribed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("RECEIPT for SUBSCRIBE").isTrue();

        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.add("x-interop", "a:b\nc");
        CountDownLatch sent = new CountDownLatch(1);
        session.send(headers, "hello from Spring").addReceiptTask(sent::countDown);
        assertThat(sent.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("RECEIPT for SEND").isTrue();

        await().atMost(TIMEOUT).until(() -> handler.messages.size() == 1);
        RecordingHandler.Received message = handler.messages.get(0);
        assertThat(message.payload()).isEqualTo("hello from Spring");
        assertThat(message.headers().getDestination()).isEqualTo(destination);
        assertThat(message.headers().getSubscription()).isEqualTo(subscription.getSubscriptionId());
        assertThat(message.headers().getFirst("x-interop")).isEqualTo("a:b\nc");

        CountDownLatch unsubscribed = new CountDownLatch(1);
        subscription.unsubscribe();
        session.send(destination, "after unsubscribe").addReceiptTask(unsubscribed::countDown);
        assertThat(unsubscribed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("RECEIPT after UNSUBSCRIBE").isTrue();
        session.disconnect();
        assertThat(handler.messages).hasSize(1);
        assertThat(handler.failures).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SpringClients.class)
    @DisplayName("keeps a connection with 1 s heart-beats both ways, as it asked of the default broker, for several intervals")
    void heartBeats(SpringClients client) throws Exception {
        StompSession session = connect(client, new long[] {1000, 1000});
        assertThat(handler.connected.getHeartbeat()).as("the default broker follows the client").containsExactly(1000, 1000);

        // Spring drops a connection that has been silent for 3 intervals, the broker one that has
        // been silent for 2: holding 3.5 s proves beats flowed both ways.
        await().during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(6))
                .until(() -> session.isConnected() && handler.failures.isEmpty());

        String destination = "/topic/interop.spring.heartbeats." + client.name().toLowerCase();
        session.setAutoReceipt(true);
        CountDownLatch subscribed = new CountDownLatch(1);
        session.subscribe(destination, handler).addReceiptTask(subscribed::countDown);
        assertThat(subscribed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        session.send(destination, "still here");
        await().atMost(TIMEOUT).until(() -> handler.messages.size() == 1);
        assertThat(handler.messages.get(0).payload()).isEqualTo("still here");
        session.disconnect();
    }
}
