package io.stompede.spring;

import io.netty.util.concurrent.EventExecutor;
import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameDecoder;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.FrameLimits;
import io.stompede.frame.FrameSink;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import io.stompede.transport.Connection;
import io.stompede.transport.ConnectionInfo;
import io.stompede.transport.ProtocolHandler;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * One Spring WebSocket session as the broker sees it: a {@link Connection} whose input is the
 * frames Spring decoded and put on the clientInboundChannel, and whose output goes back, as Spring
 * messages, through the clientOutboundChannel to Spring's STOMP handler, which writes them to the
 * socket. No byte crosses a network between the two: a frame is encoded for the broker's session as
 * it would arrive from a socket, so that the session, its version rules and its limits are the same
 * for every transport. What the session writes goes back in one of two forms. A delivery, the bulk
 * of it, keeps its wire form while nothing but Spring's STOMP handler reads the channel
 * ({@link WireFormOutput}). Anything else (CONNECTED, RECEIPT, ERROR, a delivery to a user
 * destination or to a subscription a resumed session brought back, every frame when an
 * application's interceptor reads the channel) is read back into the Spring message it is, which
 * Spring's handler acts on and encodes again.
 *
 * <p>Confined to its event loop, one of the bridge's threads, like a Netty connection: every call
 * of the session runs there, one at a time; {@link #open}, the {@code receive} methods,
 * {@link #transportClosed} and {@link #execute} may be called from any thread and move their work
 * there.
 */
final class BridgeConnection implements Connection {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeConnection.class);
    private static final byte[] HEARTBEAT = {'\n'};
    /**
     * What reading back the broker's own frames allows: anything. They are not a client's input, and
     * a MESSAGE is larger than the SEND it came from by the headers the broker adds.
     */
    private static final FrameLimits BROKER_OUTPUT = new FrameLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE);

    private final String sessionId;
    private final EventExecutor loop;
    private final ConnectionInfo info;
    private final WebSocketSessions sockets;
    private final OrderedOutbound outbound;
    private final long maxPausedInput;
    private final boolean wireFormDeliveries;
    // SockJS carries text frames only: a body that is not UTF-8 goes as text there, as Spring would send it.
    private final boolean binaryFrames;
    private final Runnable ended;
    // Confined to the loop from here on.
    private final List<EncodedFrame> unflushed = new ArrayList<>();
    private final FrameDecoder written = new FrameDecoder(BROKER_OUTPUT);
    private final ArrayDeque<byte[]> paused = new ArrayDeque<>();
    // The ids of the subscriptions this connection's client made to the broker's own destinations,
    // whose deliveries may keep their wire form. Not those to user destinations, which Spring shows
    // under the destination the client subscribed to, nor those a resumed session brought back
    // until its client subscribes again: either kind may be among them.
    private final Set<String> wireFormSubscriptions = new HashSet<>();
    private long pausedBytes;
    private StompVersion version = StompVersion.V1_2;
    private ProtocolHandler session;
    private boolean reading = true;
    private boolean closing;
    private boolean closed;

    /**
     * @param ended run on the loop once the connection is closed, whoever closed it
     */
    BridgeConnection(String sessionId, EventExecutor loop, ConnectionInfo info, WebSocketSessions sockets,
                     OutboundSettings settings, Runnable ended) {
        this.sessionId = sessionId;
        this.loop = loop;
        this.info = info;
        this.sockets = sockets;
        this.maxPausedInput = settings.maxPausedInput();
        this.wireFormDeliveries = settings.wireFormDeliveries();
        this.binaryFrames = !WebSocketSessions.SOCKJS.equals(info.transport());
        this.ended = ended;
        this.outbound = new OrderedOutbound(settings.channel(), settings.lowWaterMark(), settings.highWaterMark(),
                () -> onLoop(this::writableAgain));
    }

    /** Opens the broker's session for this connection and gives it its CONNECT; from any thread. */
    void open(Broker broker, Frame connect) {
        onLoop(() -> {
            try {
                session = broker.openSession(this);
            } catch (IllegalStateException e) {
                LOG.debug("Session {} refused: {}", sessionId, e.getMessage());
                closeTransport();
                return;
            }
            deliver(connect);
        });
    }

    /** Hands the session a frame its client sent; from any thread. */
    void receive(Frame frame) {
        onLoop(() -> {
            noteSubscription(frame, true);
            deliver(frame);
        });
    }

    /**
     * Hands the session a SUBSCRIBE its client sent to a user destination, which names the
     * session's own destination for it instead; from any thread.
     */
    void receiveUserSubscription(Frame subscribe) {
        onLoop(() -> {
            noteSubscription(subscribe, false);
            deliver(subscribe);
        });
    }

    /** Keeps {@link #wireFormSubscriptions} up to date with a SUBSCRIBE or UNSUBSCRIBE; ignores other frames. */
    private void noteSubscription(Frame frame, boolean wireForm) {
        if (frame.command() != Command.SUBSCRIBE && frame.command() != Command.UNSUBSCRIBE) {
            return;
        }
        // STOMP 1.0 allows no id: the destination is the subscription's id then, as for the broker.
        String id = frame.header("id") != null ? frame.header("id") : frame.header("destination");
        if (frame.command() == Command.SUBSCRIBE && wireForm) {
            wireFormSubscriptions.add(id);
        } else {
            wireFormSubscriptions.remove(id);
        }
    }

    /** Tells the session that its client sent a heart-beat; from any thread. */
    void receiveHeartbeat() {
        onLoop(() -> deliver(HEARTBEAT));
    }

    /** The socket closed: the session ends as when a TCP connection drops; from any thread. */
    void transportClosed() {
        onLoop(this::end);
    }

    /** Runs {@code task} on the loop; a loop already shut down (the application stopping) has nothing left to run. */
    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("Session {}: the bridge has stopped", sessionId);
        }
    }

    private void deliver(Frame frame) {
        EncodedFrame encoded = FrameEncoder.encode(frame, version);
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
        encoded.writeTo(bytes);
        deliver(bytes.array());
    }

    private void deliver(byte[] bytes) {
        if (closed || session == null) {
            return;
        }
        if (reading) {
            session.receive(ByteBuffer.wrap(bytes));
            return;
        }
        // A WebSocket cannot be told to stop reading: what arrives while the broker holds this
        // client back is kept, up to a bound.
        pausedBytes += bytes.length;
        if (pausedBytes > maxPausedInput) {
            LOG.info("Session {} sent more than {} bytes while held back; closing it", sessionId, maxPausedInput);
            sockets.close(sessionId, CloseStatus.POLICY_VIOLATION
                    .withReason("too much input while held back"));
            end();
            return;
        }
        paused.add(bytes);
    }

    // ---- Connection, for the broker's session

    @Override
    public void write(EncodedFrame frame) {
        unflushed.add(frame);
    }

    @Override
    public void flush() {
        for (EncodedFrame frame : unflushed) {
            forward(frame);
        }
        unflushed.clear();
    }

    /**
     * Hands a frame the session wrote to Spring as a message to write: a delivery in its wire form
     * where it may, anything else read back into the frame it was.
     */
    private void forward(EncodedFrame frame) {
        if (frame.isHeartbeat()) {
            outbound.add(SpringFrames.heartbeat(sessionId), new byte[0], 1);
            return;
        }
        ByteBuffer bytes = ByteBuffer.allocate(frame.length());
        frame.writeTo(bytes);
        String subscription = frame.subscriptionId();
        if (wireFormDeliveries && subscription != null && wireFormSubscriptions.contains(subscription)) {
            outbound.add(SpringFrames.wireFormDelivery(sessionId, subscription, binaryFrames && !frame.isUtf8()),
                    bytes.array(), frame.length());
            return;
        }
        bytes.flip();
        try {
            written.decode(bytes, new FrameSink() {
                @Override
                public void onFrame(Frame decoded) {
                    if (decoded.command() == Command.CONNECTED) {
                        StompVersion negotiated = StompVersion.fromWire(decoded.header("version"));
                        version = negotiated == null ? StompVersion.V1_0 : negotiated;
                        written.setVersion(version);
                    }
                    outbound.add(SpringFrames.serverHeaders(decoded, sessionId), decoded.sharedBody(), frame.length());
                }

                @Override
                public void onHeartbeat() {
                    outbound.add(SpringFrames.heartbeat(sessionId), new byte[0], 1);
                }
            });
        } catch (StompProtocolException e) {
            throw new IllegalStateException("the broker wrote a frame it cannot read back: " + e.getMessage(), e);
        }
    }

    /**
     * Closes once what was written reached Spring: an ERROR closes the socket there (Spring's STOMP
     * handler closes after sending one); after anything else, a DISCONNECT's RECEIPT say, this closes it.
     */
    @Override
    public void close() {
        flush();
        if (closing || closed) {
            return;
        }
        closing = true;
        outbound.whenDrained(() -> onLoop(this::closeTransport));
    }

    private void closeTransport() {
        sockets.close(sessionId, CloseStatus.NORMAL);
        end();
    }

    private void end() {
        if (closed) {
            return;
        }
        closed = true;
        paused.clear();
        if (session != null) {
            session.connectionClosed();
        }
        ended.run();
    }

    @Override
    public boolean isWritable() {
        return outbound.isWritable();
    }

    private void writableAgain() {
        if (!closed && session != null) {
            session.writabilityChanged();
        }
    }

    @Override
    public void setReading(boolean reading) {
        this.reading = reading;
        while (this.reading && !paused.isEmpty() && !closed) {
            byte[] bytes = paused.poll();
            pausedBytes -= bytes.length;
            session.receive(ByteBuffer.wrap(bytes));
        }
    }

    @Override
    public void execute(Runnable task) {
        onLoop(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> scheduled = loop.schedule(task, delay, unit);
        return () -> scheduled.cancel(false);
    }

    @Override
    public ConnectionInfo info() {
        return info;
    }
}
