package io.stompede.interop;

import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;

/**
 * A Spring STOMP session handler (and frame handler for every subscription) that records what
 * arrives and what goes wrong, for tests to wait on with Awaitility. Thread-safe.
 */
final class RecordingHandler extends StompSessionHandlerAdapter {
    /** One received MESSAGE: its headers and its String payload. */
    record Received(StompHeaders headers, String payload) {
    }

    final List<Received> messages = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    volatile StompHeaders connected;

    @Override
    public void afterConnected(StompSession session, StompHeaders connectedHeaders) {
        connected = connectedHeaders;
    }

    @Override
    public Type getPayloadType(StompHeaders headers) {
        return String.class;
    }

    @Override
    public void handleFrame(StompHeaders headers, Object payload) {
        messages.add(new Received(headers, (String) payload));
    }

    @Override
    public void handleException(StompSession session, StompCommand command, StompHeaders headers, byte[] payload,
                                Throwable exception) {
        failures.add(exception);
    }

    @Override
    public void handleTransportError(StompSession session, Throwable exception) {
        failures.add(exception);
    }
}
