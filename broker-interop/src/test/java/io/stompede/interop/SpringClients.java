package io.stompede.interop;

import java.util.concurrent.CompletableFuture;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandler;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * Spring's two STOMP clients, set up as an application would: String payloads, a task scheduler
 * so that heart-beats run, and the heart-beats asked for.
 */
enum SpringClients {
    /** {@code WebSocketStompClient} over the JSR-356 client that Tomcat's websocket jar provides. */
    WEBSOCKET("WebSocketStompClient over WebSocket") {
        @Override
        Connected connect(InteropBroker broker, TaskScheduler scheduler, long[] heartbeat, StompSessionHandler handler) {
            WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
            client.setMessageConverter(new StringMessageConverter());
            client.setTaskScheduler(scheduler);
            client.setDefaultHeartbeat(heartbeat);
            return new Connected(client.connectAsync(broker.webSocketUrl(), handler), client::stop);
        }
    },
    /** {@code ReactorNettyTcpStompClient} over TCP. */
    TCP("ReactorNettyTcpStompClient over TCP") {
        @Override
        Connected connect(InteropBroker broker, TaskScheduler scheduler, long[] heartbeat, StompSessionHandler handler) {
            ReactorNettyTcpStompClient client = new ReactorNettyTcpStompClient("127.0.0.1", broker.tcpPort());
            client.setMessageConverter(new StringMessageConverter());
            client.setTaskScheduler(scheduler);
            client.setDefaultHeartbeat(heartbeat);
            return new Connected(client.connectAsync(handler), client::shutdown);
        }
    };

    private final String description;

    SpringClients(String description) {
        this.description = description;
    }

    abstract Connected connect(InteropBroker broker, TaskScheduler scheduler, long[] heartbeat, StompSessionHandler handler);

    @Override
    public String toString() {
        return description;
    }

    /** A session on its way, and how to release the client's resources once done with it. */
    record Connected(CompletableFuture<StompSession> session, Runnable shutdown) {
    }
}
