package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.spring.Clients.Inbox;
import io.stompede.spring.Clients.Received;
import io.stompede.spring.Clients.Receipts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.sockjs.client.RestTemplateXhrTransport;
import org.springframework.web.socket.sockjs.client.SockJsClient;
import org.springframework.web.socket.sockjs.client.Transport;
import org.springframework.web.socket.sockjs.client.WebSocketTransport;

/**
 * The application's SockJS endpoint ({@code withSockJS()}), with Spring's SockJS client over each
 * of its transports: SockJS sessions are bridged as WebSocket sessions are, and, SockJS having
 * text frames only, every frame goes as text.
 */
@DisplayName("SockJS sessions")
class SockJsTest {
    private static Instance app;

    /** The SockJS transports a client can be limited to. */
    enum SockJsTransport {
        WEBSOCKET, XHR_STREAMING;

        Clients clients() {
            Transport transport = this == WEBSOCKET ? new WebSocketTransport(new StandardWebSocketClient())
                    : new RestTemplateXhrTransport();
            return new Clients(new SockJsClient(List.of(transport)));
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
}
