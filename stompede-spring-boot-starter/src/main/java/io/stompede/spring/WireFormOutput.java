package io.stompede.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.ImmutableMessageChannelInterceptor;
import org.springframework.messaging.support.InterceptableChannel;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Lets the broker's deliveries reach the socket in the wire form the broker wrote them in. Spring's
 * STOMP handler writes each message of the clientOutboundChannel by encoding its headers and
 * payload; for a MESSAGE that is the third form of a frame the broker has already encoded, after
 * the Spring message it was read back into, and reading back and encoding again cost more than
 * the broker's whole delivery. With the pass-through encoder set on the application's STOMP
 * handlers, a delivery travels as a Spring message whose payload is its wire form and whose
 * headers are those Spring's handler acts on (command, session, subscription, and the mark
 * {@link #HEADER}); Spring writes that payload as it is, through the same session decorator, with
 * the same send-time and buffer limits and the same handling of a failed write as any frame.
 * Every other message is encoded as before.
 *
 * <p>Only while nothing else reads the clientOutboundChannel: an application's interceptor there
 * expects each MESSAGE with all its STOMP headers, and may change them, so with one every frame
 * takes the long way. The interceptors are those the channel has when the broker starts, which is
 * where {@code configureClientOutboundChannel} puts them; one added later, or a handler of the
 * application's subscribed to the channel, would see a delivery's whole frame as its payload.
 */
final class WireFormOutput {
    /** The header that marks a message whose payload is a whole frame, to be written as it is. */
    static final String HEADER = "stompedeWireForm";

    private static final Logger LOG = LoggerFactory.getLogger(WireFormOutput.class);

    private final ObjectProvider<SubProtocolWebSocketHandler> webSocketHandlers;

    WireFormOutput(ObjectProvider<SubProtocolWebSocketHandler> webSocketHandlers) {
        this.webSocketHandlers = webSocketHandlers;
    }

    /**
     * Sets the pass-through encoder on every STOMP handler of the application, unless the
     * clientOutboundChannel has interceptors besides {@code own}; says whether deliveries may
     * travel in wire form.
     */
    boolean install(InterceptableChannel outbound, ChannelInterceptor own) {
        List<ChannelInterceptor> others = new ArrayList<>(outbound.getInterceptors());
        others.remove(own);
        others.removeIf(WireFormOutput::readsNoFrame);
        if (!others.isEmpty()) {
            LOG.info("The clientOutboundChannel has interceptors {}: each MESSAGE is handed to them as a Spring "
                    + "message with all its STOMP headers, and encoded by Spring", others);
            return false;
        }
        List<StompSubProtocolHandler> stompHandlers = webSocketHandlers.stream()
                .flatMap(handler -> handler.getProtocolHandlers().stream())
                .filter(StompSubProtocolHandler.class::isInstance)
                .map(StompSubProtocolHandler.class::cast)
                .distinct()
                .toList();
        stompHandlers.forEach(handler -> handler.setEncoder(new PassThroughEncoder()));
        return !stompHandlers.isEmpty();
    }

    /**
     * Whether {@code interceptor} is one of Spring's own that neither reads nor changes a frame:
     * the one that makes a message's headers immutable once sent, and the one that runs the next
     * task of {@code setPreservePublishOrder} (a private class, known by the class it is nested in,
     * whose only interceptor it is).
     */
    private static boolean readsNoFrame(ChannelInterceptor interceptor) {
        return interceptor instanceof ImmutableMessageChannelInterceptor
                || interceptor.getClass().getEnclosingClass() == OrderedMessageChannelDecorator.class;
    }

    /** Spring's encoder, but for a message marked {@link #HEADER}: its payload is the frame already. */
    private static final class PassThroughEncoder extends StompEncoder {
        @Override
        public byte[] encode(Map<String, Object> headers, byte[] payload) {
            return headers.containsKey(HEADER) ? payload : super.encode(headers, payload);
        }
    }
}
