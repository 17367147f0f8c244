package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.spring.Clients.Inbox;
import io.stompede.spring.Clients.Received;
import io.stompede.spring.Clients.Receipts;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

/**
 * The chat application written for the simple broker, with the starter on its class path, through
 * its own WebSocket endpoint and Spring's own client: what its controllers, templates and user
 * destinations did before still works, and the broker behind them is Stompede's.
 */
@DisplayName("The starter in the simple broker's place")
class SimpleBrokerReplacedTest {
    private static Instance app;
    private Clients clients;

    @BeforeAll
    static void startApplication() {
        app = Instance.start(Map.of("stompede.durability.history.[/topic/news.**]", "5"));
    }

    @AfterAll
    static void stopApplication() {
        app.close();
    }

    @BeforeEach
    void newClients() {
        clients = new Clients();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    @DisplayName("the broker handler is Stompede's, and Stompede answers CONNECT")
    void stompedeIsTheBroker() throws Exception {
        assertThat(app.bean("simpleBrokerMessageHandler", AbstractBrokerMessageHandler.class)).isInstanceOf(StompedeBrokerMessageHandler.class);
        Clients.Errors errors = new Clients.Errors();
        StompSession session = clients.connect(app.url("alice"), errors);
        assertThat(session.isConnected()).isTrue();
        await().atMost(Clients.WAIT).until(() -> app.broker().stats().connectedSessions() == 1);
        assertThat(app.broker().sessions().join()).singleElement()
                .satisfies(summary -> assertThat(summary.principal()).isEqualTo("alice"));
    }

    @Test
    @DisplayName("a controller's broadcast reaches every subscriber of the room")
    void controllerBroadcastReachesEverySubscriber() throws Exception {
        Inbox alice = Clients.subscribe(clients.connect(app.url("alice")), "/topic/rooms.5");
        Inbox bob = Clients.subscribe(clients.connect(app.url("bob")), "/topic/rooms.5");

        clients.connect(app.url("carol")).send("/app/rooms/5", "hello room 5");

        for (Inbox inbox : new Inbox[] {alice, bob}) {
            Received received = inbox.next();
            assertThat(received.text()).isEqualTo("hello room 5");
            assertThat(received.headers().getDestination()).isEqualTo("/topic/rooms.5");
            assertThat(received.headers().getMessageId()).isNotBlank();
        }
    }

    @Test
    @DisplayName("@SendTo and a wildcard subscription: the return value reaches /topic/announcements and /topic/*")
    void sendToReachesSubscribers() throws Exception {
        StompSession session = clients.connect(app.url("alice"));
        Inbox exact = Clients.subscribe(session, "/topic/announcements");
        Inbox wildcard = Clients.subscribe(session, "/topic/*");

        session.send("/app/announce", "lunch");

        assertThat(exact.nextText()).isEqualTo("announced: lunch");
        assertThat(wildcard.nextText()).isEqualTo("announced: lunch");
    }

    @Test
    @DisplayName("convertAndSendToUser reaches each session of that user, and only that user")
    void userDestinationsReachOnlyTheirUser() throws Exception {
        Inbox aliceOnPhone = Clients.subscribe(clients.connect(app.url("alice")), "/user/queue/whispers");
        Inbox aliceOnLaptop = Clients.subscribe(clients.connect(app.url("alice")), "/user/queue/whispers");
        Inbox bob = Clients.subscribe(clients.connect(app.url("bob")), "/user/queue/whispers");
        StompSession carol = clients.connect(app.url("carol"));

        carol.send("/app/whisper/alice", "psst");
        for (Inbox alice : new Inbox[] {aliceOnPhone, aliceOnLaptop}) {
            Received received = alice.next();
            assertThat(received.text()).isEqualTo("psst (from carol)");
            assertThat(received.headers().getDestination()).as("the destination the client subscribed to")
                    .isEqualTo("/user/queue/whispers");
        }
        carol.send("/app/whisper/bob", "hi bob");
        assertThat(bob.nextText()).as("bob's first whisper is his own, not alice's").isEqualTo("hi bob (from carol)");
    }

    @Test
    @DisplayName("a user's session that never subscribed leaves no queue of its copies behind once it ends")
    void userQueuesEndWithTheirSession() throws Exception {
        Inbox laptop = Clients.subscribe(clients.connect(app.url("dora")), "/user/queue/whispers");
        StompSession phone = clients.connect(app.url("dora"));
        clients.connect(app.url("carol")).send("/app/whisper/dora", "psst");
        assertThat(laptop.nextText()).isEqualTo("psst (from carol)");
        // The copy for the phone waits in the phone's queue, which nobody consumes.
        AtomicReference<String> phoneQueue = new AtomicReference<>();
        await().atMost(Clients.WAIT).until(() -> {
            app.broker().stats().queueDepths().forEach((queue, depth) -> {
                if (queue.startsWith("/queue/whispers-user") && depth == 1) {
                    phoneQueue.set(queue);
                }
            });
            return phoneQueue.get() != null;
        });

        phone.disconnect();

        await().atMost(Clients.WAIT).until(() ->
                app.broker().stats().queueDepths().getOrDefault(phoneQueue.get(), 0) == 0);
    }

    @Test
    @DisplayName("client-individual acks through the endpoint: a NACKed queue message comes back redelivered, an ACK settles it, with RECEIPTs")
    void acksNacksAndReceipts() throws Exception {
        StompSession worker = clients.connect(app.url("worker"));
        StompHeaders subscribe = new StompHeaders();
        subscribe.setDestination("/queue/work");
        subscribe.setAck("client-individual");
        Inbox work = Clients.subscribe(worker, subscribe);

        Receipts sent = new Receipts();
        worker.send("/queue/work", "job 1").addReceiptTask(sent::received);
        sent.await();

        Received first = work.next();
        assertThat(first.text()).isEqualTo("job 1");
        Receipts nacked = new Receipts();
        worker.acknowledge(Clients.ackOf(first), false).addReceiptTask(nacked::received);
        nacked.await();

        Received again = work.next();
        assertThat(again.text()).isEqualTo("job 1");
        assertThat(again.headers().getFirst("redelivered")).isEqualTo("true");
        Receipts acked = new Receipts();
        worker.acknowledge(Clients.ackOf(again), true).addReceiptTask(acked::received);
        acked.await();

        assertThat(app.broker().stats().queueInFlight()).as("nothing left unacknowledged").isZero();
        assertThat(app.broker().stats().queueDepths().getOrDefault("/queue/work", 0)).isZero();
    }

    @Test
    @DisplayName("history: a subscriber with x-history gets what the template published before it came")
    void historyReplaysWhatTheApplicationPublished() throws Exception {
        SimpMessagingTemplate template = app.bean(SimpMessagingTemplate.class);
        template.convertAndSend("/topic/news.eu", "first");
        template.convertAndSend("/topic/news.eu", "second");

        StompHeaders subscribe = new StompHeaders();
        subscribe.setDestination("/topic/news.eu");
        subscribe.set("x-history", "5");
        Inbox late = Clients.subscribe(clients.connect(app.url("alice")), subscribe);

        assertThat(late.nextText()).isEqualTo("first");
        assertThat(late.nextText()).isEqualTo("second");
    }

    @Test
    @DisplayName("a durable subscription, named by the Spring principal, keeps what the application published while its user was away")
    void durableSubscriptionFollowsThePrincipal() throws Exception {
        StompHeaders durable = new StompHeaders();
        durable.setDestination("/topic/alerts");
        durable.setId("alerts");
        durable.set("durable", "true");
        durable.set("auto-delete", "false");
        StompSession first = clients.connect(app.url("erin"));
        Clients.subscribe(first, durable);
        first.disconnect();
        await().atMost(Clients.WAIT).until(() -> app.broker().sessions().join().stream()
                .noneMatch(session -> "erin".equals(session.principal())));

        app.bean(SimpMessagingTemplate.class).convertAndSend("/topic/alerts", "while you were away");

        Inbox again = Clients.subscribe(clients.connect(app.url("erin")), durable);
        assertThat(again.nextText()).isEqualTo("while you were away");
    }
}
