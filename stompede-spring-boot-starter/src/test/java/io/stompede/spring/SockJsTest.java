package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.spring.Clients.Inbox;
import io.stompede.spring.Clients.Received;
import io.stompede.spring.Clients.Receipts;
import io.stompede.frame.Headers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.sockjs.client.RestTemplateXhrTransport;
import org.springframework.web.socket.sockjs.client.SockJsClient;
import org.springframework.web.socket.sockjs.client.Transport;
import org.springframework.web.socket.sockjs.client.WebSocketTransport;

/**
 * The application's SockJS endpoint ({@code withSockJS()}), with Spring's SockJS client over each
 * of its transports: SockJS sessions are bridged as WebSocket sessions are, and, SockJS having
 * text frames only, every frame goes as text, as Spring sends it.
 */
@DisplayName("SockJS sessions")
class SockJsTest {
    private static Instance app;

    /** The SockJS transports a client can be limited to. */
    enum SockJsTransport {
        WEBSOCKET, XHR_STREAMING;

        SockJsClient client() {
            Transport transport = this == WEBSOCKET ? new WebSocketTransport(new StandardWebSocketClient())
                    : new RestTemplateXhrTransport();
            return new SockJsClient(List.of(transport));
        }

        Clients clients() {
            return new Clients(client());
        }
    }

    @BeforeAll
    static void startApplication() {
        app = Instance.start(Map.of());
    }

    @AfterAll
    static void stopApplication() {
        app.close();
    }

    @ParameterizedTest
    @EnumSource(SockJsTransport.class)
    @DisplayName("a controller's broadcast reaches a SockJS subscriber beside a WebSocket one, with the broker's headers")
    void broadcast(SockJsTransport transport) throws Exception {
        try (Clients sockJs = transport.clients(); Clients webSocket = new Clients()) {
            Inbox overSockJs = Clients.subscribe(sockJs.connect(app.sockJsUrl("alice")), "/topic/rooms.sockjs");
            Inbox overWebSocket = Clients.subscribe(webSocket.connect(app.url("bob")), "/topic/rooms.sockjs");

            sockJs.connect(app.sockJsUrl("carol")).send("/app/rooms/sockjs", "déjà vu");

            for (Inbox inbox : List.of(overSockJs, overWebSocket)) {
                Received received = inbox.next();
                assertThat(received.text()).isEqualTo("déjà vu");
                assertThat(received.headers().getDestination()).isEqualTo("/topic/rooms.sockjs");
                assertThat(received.headers().getMessageId()).isNotBlank();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SockJsTransport.class)
    @DisplayName("client-individual acks over SockJS: a NACKed queue message comes back, an ACK settles it, with RECEIPTs")
    void acksAndReceipts(SockJsTransport transport) throws Exception {
        try (Clients sockJs = transport.clients()) {
            StompSession worker = sockJs.connect(app.sockJsUrl("worker"));
            StompHeaders subscribe = new StompHeaders();
            subscribe.setDestination("/queue/sockjs-work");
            subscribe.setAck("client-individual");
            Inbox work = Clients.subscribe(worker, subscribe);
            worker.send("/queue/sockjs-work", "job");

            Receipts nacked = new Receipts();
            worker.acknowledge(Clients.ackOf(work.next()), false).addReceiptTask(nacked::received);
            nacked.await();
            Received again = work.next();
            assertThat(again.headers().getFirst("redelivered")).isEqualTo("true");
            Receipts acked = new Receipts();
            worker.acknowledge(Clients.ackOf(again), true).addReceiptTask(acked::received);
            acked.await();

            assertThat(app.broker().stats().queueDepths().getOrDefault("/queue/sockjs-work", 0)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(SockJsTransport.class)
    @DisplayName("convertAndSendToUser reaches the SockJS session of that user, under the destination it subscribed to")
    void userDestinations(SockJsTransport transport) throws Exception {
        try (Clients sockJs = transport.clients()) {
            Inbox whispers = Clients.subscribe(sockJs.connect(app.sockJsUrl("dave")), "/user/queue/whispers");

            sockJs.connect(app.sockJsUrl("erin")).send("/app/whisper/dave", "psst");

            Received whisper = whispers.next();
            assertThat(whisper.text()).isEqualTo("psst (from erin)");
            assertThat(whisper.headers().getDestination()).isEqualTo("/user/queue/whispers");
        }
    }

    @ParameterizedTest
    @EnumSource(SockJsTransport.class)
    @DisplayName("a body that is not UTF-8 goes as text over SockJS, which has nothing else, and the session goes on")
    void aBodyThatIsNotUtf8(SockJsTransport transport) throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocketSession session = transport.client().execute(new TextWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession session, TextMessage message) {
                received.add(message.getPayload());
            }
        }, app.sockJsUrl("alice")).get(Clients.WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            session.sendMessage(new TextMessage("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0"));
            assertThat(next(received)).startsWith("CONNECTED\n");
            session.sendMessage(new TextMessage(
                    "SUBSCRIBE\nid:1\ndestination:/topic/sockjs-blobs\nreceipt:r1\n\n\0"));
            assertThat(next(received)).startsWith("RECEIPT\nreceipt-id:r1\n");

            app.broker().publish("/topic/sockjs-blobs", Headers.EMPTY, new byte[] {'a', (byte) 0xff, 'b'}).join();
            app.broker().publish("/topic/sockjs-blobs", "after").join();

            assertThat(next(received)).startsWith("MESSAGE\n").contains("a\uFFFDb");
            assertThat(next(received)).startsWith("MESSAGE\n").endsWith("\n\nafter\0");
            assertThat(session.isOpen()).isTrue();
            // The broker ends the session on the server: a SockJS client's close alone leaves the
            // XHR stream open there until a heart-beat finds it gone, and the shutdown waits for it.
            session.sendMessage(new TextMessage("DISCONNECT\nreceipt:bye\n\n\0"));
            assertThat(next(received)).startsWith("RECEIPT\nreceipt-id:bye\n");
        } finally {
            session.close();
        }
    }

    private static String next(BlockingQueue<String> received) throws InterruptedException {
        String next = received.poll(Clients.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(next).as("a SockJS message within " + Clients.WAIT).isNotNull();
        return next;
    }
}
