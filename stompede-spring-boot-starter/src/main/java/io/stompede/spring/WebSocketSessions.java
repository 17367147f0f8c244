package io.stompede.spring;

import io.stompede.transport.ConnectionInfo;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;
import org.springframework.web.socket.sockjs.transport.SockJsSession;

/**
 * The application's open WebSocket sessions by id, which is also the {@code simpSessionId} of
 * their messages: what the bridge learns from the socket itself and not from a STOMP message
 * (the peer's address, TLS, the handshake's {@code Authorization}), the one way to close a socket
 * without an ERROR frame, and the moment a socket closes, which Spring tells the broker only as a
 * DISCONNECT that a client could have sent too. Installed as a decorator of Spring's WebSocket
 * handler. Thread-safe.
 */
final class WebSocketSessions implements WebSocketHandlerDecoratorFactory {
    /** The transport a SockJS session is, in its {@link ConnectionInfo}: text frames only, whatever it runs over. */
    static final String SOCKJS = "sockjs";

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSessions.class);

    private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();
    private volatile Consumer<String> closed = id -> { };

    /** Whom to tell, with the session id, that a socket closed; before Spring sends its DISCONNECT. */
    void onClosed(Consumer<String> listener) {
        this.closed = listener;
    }

    @Override
    public WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {
            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                open.put(session.getId(), session);
                super.afterConnectionEstablished(session);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
                open.remove(session.getId());
                closed.accept(session.getId());
                super.afterConnectionClosed(session, status);
            }
        };
    }

    /**
     * What the transport knows of session {@code id}'s peer: {@code websocket} or {@link #SOCKJS},
     * with the addresses; only the transport's name once the socket is gone.
     */
    ConnectionInfo info(String id) {
        WebSocketSession session = open.get(id);
        if (session == null) {
            return ConnectionInfo.plain("websocket", null, null);
        }
        URI uri = session.getUri();
        boolean secure = uri != null && ("wss".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        String transport = session instanceof SockJsSession ? SOCKJS : "websocket";
        return new ConnectionInfo(transport, session.getRemoteAddress(), session.getLocalAddress(), secure, List.of())
                .withAuthorization(session.getHandshakeHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    }

    /** Closes session {@code id}'s socket with {@code status}, if it is still open. */
    void close(String id, CloseStatus status) {
        WebSocketSession session = open.get(id);
        if (session == null) {
            return;
        }
        try {
            session.close(status);
        } catch (IOException e) {
            LOG.debug("Closing WebSocket session {} failed", id, e);
        }
    }
}
