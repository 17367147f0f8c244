package io.stompede.spring;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Translates between Spring's STOMP messages (a {@code byte[]} payload and
 * {@link StompHeaderAccessor} headers: the command, the native STOMP headers, the session id) and
 * Stompede's frames. Both sides carry the same STOMP frame, so the translation keeps every native
 * header in order and the body as it is; only {@code content-length} is set from the body, since
 * the body is what the broker will read. Stateless.
 */
final class SpringFrames {
    /**
     * Headers of a message the application publishes that the broker sets itself, or that name
     * the sender's frame rather than the message: a user destination's copy of a client's SEND
     * still carries that SEND's {@code destination} and {@code receipt}.
     */
    private static final Set<String> NOT_FORWARDED = Set.of("destination", "receipt", "content-length",
            "transaction", "message-id", "subscription", "ack");

    private SpringFrames() {
    }

    /**
     * The client frame that {@code message} carries, with STOMP command {@code command} and the
     * headers of {@code accessor}, a {@link StompHeaderAccessor#wrap wrap} of it.
     */
    static Frame clientFrame(StompCommand command, StompHeaderAccessor accessor, Message<?> message) {
        byte[] body = body(message);
        Headers.Builder headers = Headers.builder();
        accessor.toNativeHeaderMap().forEach((name, values) -> {
            if (!name.equals("content-length")) {
                values.forEach(value -> headers.add(name, value));
            }
        });
        if (body.length > 0) {
            headers.add("content-length", Integer.toString(body.length));
        }
        return Frame.of(Command.valueOf(command.name()), headers.build(), body);
    }

    /**
     * The headers a message published by the application (a controller's return value, a
     * {@code SimpMessagingTemplate} send, a user destination's copy) travels with: its native
     * headers but those the broker owns, and its content type.
     */
    static Headers publishedHeaders(Message<?> message) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.wrap(message);
        Headers.Builder headers = Headers.builder();
        Map<String, List<String>> nativeHeaders = accessor.toNativeHeaderMap();
        nativeHeaders.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name) && !values.isEmpty()) {
                headers.add(name, values.get(0));
            }
        });
        MimeType contentType = accessor.getContentType();
        if (contentType != null && !nativeHeaders.containsKey("content-type")) {
            headers.add("content-type", contentType.toString());
        }
        return headers.build();
    }

    /** The Spring message that carries {@code frame}, a server frame, to session {@code sessionId}. */
    static StompHeaderAccessor serverHeaders(Frame frame, String sessionId) {
        Map<String, List<String>> nativeHeaders = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : frame.headers().entries()) {
            // The first occurrence of a repeated header wins, as on the wire.
            nativeHeaders.putIfAbsent(header.getKey(), List.of(header.getValue()));
        }
        StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.valueOf(frame.command().name()),
                nativeHeaders);
        accessor.setSessionId(sessionId);
        return accessor;
    }

    /**
     * The Spring message headers of a delivery to subscription {@code subscriptionId} of session
     * {@code sessionId} that travels in its wire form ({@link WireFormOutput}): what Spring's STOMP
     * handler acts on, and, for a {@code binary} one, the content type by which it writes the frame
     * as a binary WebSocket message.
     */
    static StompHeaderAccessor wireFormDelivery(String sessionId, String subscriptionId, boolean binary) {
        StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.MESSAGE);
        accessor.setSessionId(sessionId);
        accessor.setSubscriptionId(subscriptionId);
        if (binary) {
            accessor.setContentType(MimeTypeUtils.APPLICATION_OCTET_STREAM);
        }
        accessor.setHeader(WireFormOutput.HEADER, Boolean.TRUE);
        return accessor;
    }

    /** A heart-beat to session {@code sessionId}, which Spring writes as an EOL. */
    static StompHeaderAccessor heartbeat(String sessionId) {
        StompHeaderAccessor accessor = StompHeaderAccessor.createForHeartbeat();
        accessor.setSessionId(sessionId);
        return accessor;
    }

    /** The payload as bytes: Spring's converters give {@code byte[]}; a plain String is taken as UTF-8. */
    static byte[] body(Message<?> message) {
        Object payload = message.getPayload();
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("a message to the broker needs a byte[] or String payload, not "
                + payload.getClass().getName() + "; is a message converter missing?");
    }
}
