package io.stompede.spring;

import io.netty.util.concurrent.EventExecutorGroup;
import io.stompede.Broker;
import io.stompede.frame.Frame;
import io.stompede.transport.ConnectionInfo;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationResolver;
import org.springframework.messaging.simp.user.UserDestinationResult;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.InterceptableChannel;

/**
 * The broker handler of Spring's messaging configuration that is Stompede, in the place of the
 * simple broker: it takes what clients send from the clientInboundChannel and what the
 * application sends from the brokerChannel, and answers on the clientOutboundChannel.
 *
 * <ul>
 *   <li>A client's frames go to the broker session of its WebSocket session, a {@link BridgeConnection}
 *       that its CONNECT opens: SEND, SUBSCRIBE, UNSUBSCRIBE, ACK, NACK, BEGIN, COMMIT, ABORT,
 *       DISCONNECT and heart-beats, with every header and receipt. What the session writes (CONNECTED,
 *       MESSAGE, RECEIPT, ERROR, heart-beats) goes back to that client alone. They are taken as they
 *       are sent to the channel, on the thread that decoded them, because the channel's thread pool
 *       would hand them on out of order (a SEND before the BEGIN of its transaction).</li>
 *   <li>A SUBSCRIBE to a user destination ({@code /user/queue/x}) becomes, as Spring's user destination
 *       resolver says, the session's own {@code /queue/x-user{session}}, in its place among the
 *       session's frames.</li>
 *   <li>A message with no client frame behind it ({@code @SendTo}, {@code SimpMessagingTemplate}, and the
 *       user destination handler's copy of a message for each session of a user) is published by the
 *       application: {@link Broker#publish}, no session in between.</li>
 * </ul>
 *
 * <p>Only frames to the broker's destinations are handled: those under the destination prefixes
 * given to {@code enableSimpleBroker}, or, with none given, all but the application's and the
 * user destinations; frames to {@code /app/...} are the controllers'.
 *
 * <p>Thread-safe: Spring calls it from its channels' threads; each session's work moves to its
 * connection's event loop.
 */
final class StompedeBrokerMessageHandler extends AbstractBrokerMessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StompedeBrokerMessageHandler.class);

    private final Broker broker;
    private final EventExecutorGroup loops;
    private final WebSocketSessions sockets;
    private final WireFormOutput wireForm;
    // Whether deliveries travel in wire form is known once the channels are complete, at start.
    private volatile OutboundSettings outbound;
    private final Collection<String> applicationPrefixes;
    private final UserDestinationResolver userDestinations;
    private final OutboundProgress progress = new OutboundProgress();
    private final ChannelInterceptor clientFrames = new ChannelInterceptor() {
        @Override
        public void postSend(Message<?> message, MessageChannel channel, boolean sent) {
            if (sent) {
                fromClient(message);
            }
        }
    };
    private final Map<String, BridgeConnection> connections = new ConcurrentHashMap<>();
    private final UserQueues userQueues;

    /**
     * @param userDestinations Spring's resolver of user destinations, or {@code null} when the application has none
     */
    StompedeBrokerMessageHandler(SubscribableChannel clientInbound, SubscribableChannel brokerChannel,
                                 Collection<String> destinationPrefixes, Collection<String> applicationPrefixes,
                                 UserDestinationResolver userDestinations, Bridge bridge, OutboundSettings outbound) {
        super(clientInbound, outbound.channel(), brokerChannel, destinationPrefixes);
        this.broker = bridge.broker();
        this.loops = bridge.loops();
        this.sockets = bridge.sockets();
        this.wireForm = bridge.wireForm();
        this.outbound = outbound;
        this.applicationPrefixes = List.copyOf(applicationPrefixes);
        this.userDestinations = userDestinations;
        this.userQueues = new UserQueues(broker);
    }

    /** What the handler is given besides Spring's channels: the broker and the parts of the bridge. */
    record Bridge(Broker broker, EventExecutorGroup loops, WebSocketSessions sockets, WireFormOutput wireForm) {
    }

    @Override
    protected void startInternal() {
        InterceptableChannel inbound = interceptable(getClientInboundChannel(), "clientInboundChannel");
        InterceptableChannel outboundChannel = interceptable(getClientOutboundChannel(), "clientOutboundChannel");
        // First, so that its report of a handled message comes whatever the interceptors after it do.
        outboundChannel.addInterceptor(0, progress);
        outbound = outbound.withWireFormDeliveries(wireForm.install(outboundChannel, progress));
        // Last: from here on clients' frames reach the broker, and the form of what it writes is settled.
        inbound.addInterceptor(clientFrames);
        sockets.onClosed(this::socketClosed);
        publishBrokerAvailableEvent();
        LOG.info("Stompede serves destinations {} of Spring's WebSocket sessions",
                getDestinationPrefixes().isEmpty() ? "(all)" : getDestinationPrefixes());
    }

    private static InterceptableChannel interceptable(MessageChannel channel, String name) {
        if (channel instanceof InterceptableChannel interceptable) {
            return interceptable;
        }
        throw new IllegalStateException("Stompede needs a " + name + " that takes interceptors, to keep each "
                + "session's frames in order; got " + channel);
    }

    @Override
    protected void stopInternal() {
        publishBrokerUnavailableEvent();
        ((InterceptableChannel) getClientInboundChannel()).removeInterceptor(clientFrames);
        sockets.onClosed(id -> { });
        connections.values().forEach(BridgeConnection::transportClosed);
        ((InterceptableChannel) getClientOutboundChannel()).removeInterceptor(progress);
    }

    /**
     * What the application sends, from the brokerChannel (the clientInboundChannel's messages, which
     * come here too, were taken as they were sent).
     */
    @Override
    protected void handleMessageInternal(Message<?> message) {
        MessageHeaders headers = message.getHeaders();
        if (SimpMessageHeaderAccessor.getMessageType(headers) != SimpMessageType.MESSAGE) {
            return;
        }
        StompHeaderAccessor stomp = StompHeaderAccessor.wrap(message);
        String destination = SimpMessageHeaderAccessor.getDestination(headers);
        if (destination == null || !isBrokerDestination(destination)) {
            return;
        }
        // The user destination handler's copy for one session of a user, of a template's message or
        // of a client's SEND: it names the original-destination the session subscribed to.
        boolean userCopy = stomp.getFirstNativeHeader(SimpMessageHeaderAccessor.ORIGINAL_DESTINATION) != null;
        if (userCopy) {
            publishForSession(destination, message);
        } else if (stomp.getCommand() == null) {
            publish(destination, message);
        }
        // Any other client frame is a client's, taken as it was sent.
    }

    private void publishForSession(String destination, Message<?> message) {
        String sessionId = UserQueues.sessionOf(destination);
        if (sessionId != null) {
            if (!connections.containsKey(sessionId)) {
                LOG.debug("Dropping a message to {}: its session has ended", destination);
                return;
            }
            userQueues.made(sessionId, destination);
        }
        publish(destination, message);
    }

    /** A message a client sent, on the thread that sent it to the clientInboundChannel. */
    private void fromClient(Message<?> message) {
        MessageHeaders headers = message.getHeaders();
        String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
        if (sessionId == null) {
            return;
        }
        if (SimpMessageHeaderAccessor.getMessageType(headers) == SimpMessageType.HEARTBEAT) {
            BridgeConnection connection = connections.get(sessionId);
            if (connection != null) {
                connection.receiveHeartbeat();
            }
            return;
        }
        StompHeaderAccessor stomp = StompHeaderAccessor.wrap(message);
        StompCommand command = stomp.getCommand();
        if (command == null) {
            return;
        }
        String destination = SimpMessageHeaderAccessor.getDestination(headers);
        // A SUBSCRIBE to a user destination is the session's own queue; a SEND to one is the user
        // destination handler's to copy to each session of that user.
        boolean userSubscription = false;
        if (destination != null && command == StompCommand.SUBSCRIBE) {
            String resolved = resolveUserDestination(message, destination);
            if (!resolved.equals(destination)) {
                userQueues.made(sessionId, resolved);
                stomp.setDestination(resolved);
                destination = resolved;
                userSubscription = true;
            }
        }
        if (destination != null && !isBrokerDestination(destination)) {
            return;
        }
        Frame frame = SpringFrames.clientFrame(command, stomp, message);
        if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
            connect(sessionId, frame, message);
            return;
        }
        BridgeConnection connection = connections.get(sessionId);
        if (connection == null) {
            // Its socket closed, or the broker closed it after an ERROR: nothing left to answer.
            LOG.debug("Ignoring a {} of session {}, which has no broker session", command, sessionId);
            return;
        }
        if (userSubscription) {
            connection.receiveUserSubscription(frame);
        } else {
            connection.receive(frame);
        }
    }

    /** The session's own destination for a user destination, as the user destination handler would make it. */
    private String resolveUserDestination(Message<?> message, String destination) {
        if (userDestinations == null) {
            return destination;
        }
        UserDestinationResult result = userDestinations.resolveDestination(message);
        if (result == null || result.getTargetDestinations().size() != 1) {
            return destination;
        }
        return result.getTargetDestinations().iterator().next();
    }

    private boolean isBrokerDestination(String destination) {
        for (String prefix : applicationPrefixes) {
            if (destination.startsWith(prefix)) {
                return false;
            }
        }
        return checkDestinationPrefix(destination);
    }

    private void connect(String sessionId, Frame connect, Message<?> message) {
        BridgeConnection existing = connections.get(sessionId);
        if (existing != null) {
            existing.receive(connect);     // the broker answers ERROR
            return;
        }
        Principal user = SimpMessageHeaderAccessor.getUser(message.getHeaders());
        ConnectionInfo info = sockets.info(sessionId).withPrincipal(user);
        BridgeConnection connection = new BridgeConnection(sessionId, loops.next(), info, sockets, outbound, () -> {
            connections.remove(sessionId);
            userQueues.ended(sessionId);
        });
        connections.put(sessionId, connection);
        connection.open(broker, connect);
    }

    private void socketClosed(String sessionId) {
        BridgeConnection connection = connections.get(sessionId);
        if (connection != null) {
            connection.transportClosed();
        }
    }

    /**
     * Publishes what the application sent. A refusal the broker gives at once (a full queue) fails
     * the sender's {@code send}, as a SEND would get its ERROR.
     */
    private void publish(String destination, Message<?> message) {
        CompletableFuture<Void> routed = broker.publish(destination, SpringFrames.publishedHeaders(message),
                SpringFrames.body(message));
        if (routed.isCompletedExceptionally()) {
            Throwable failure = routed.handle((done, e) -> e).join();
            throw new MessageDeliveryException(message, "Stompede refused the message to " + destination + ": "
                    + failure.getMessage(), failure);
        }
        routed.exceptionally(failure -> {
            LOG.warn("Stompede could not store or route a message to {}: {}", destination, failure.toString());
            return null;
        });
    }
}
