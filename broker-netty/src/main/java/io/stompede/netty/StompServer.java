package io.stompede.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.stompede.Broker;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running STOMP server: one {@link Broker} made reachable over TCP and/or WebSocket listeners,
 * each optionally with TLS. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * try (StompServer server = StompServer.builder()
 *         .tcp(61613)
 *         .webSocket(15674, "/stomp")
 *         .tls(Tls.pem(certChain, key))
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Each server owns its event loops, its listeners and its connections; several servers in one
 * JVM share nothing. {@link #close()} shuts down gracefully: it stops accepting, tells every client
 * "server shutting down" (by closing the broker, when the server owns it), waits a bounded time for
 * the connections to drain, then releases the threads and ports.
 *
 * <p>Threading: thread-safe. Do not call {@link #close()} from one of the server's own event loop
 * threads (for example from a broker callback): it waits for those threads to finish.
 */
public final class StompServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StompServer.class);

    private final Broker broker;
    private final boolean closeBroker;
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup ioGroup;
    private final ChannelGroup connections;
    private final List<BoundListener> listeners;
    private final Duration shutdownTimeout;
    private volatile boolean closed;

    record BoundListener(ListenerSpec spec, Channel channel, boolean tls) {
        InetSocketAddress address() {
            return (InetSocketAddress) channel.localAddress();
        }

        URI uri() {
            String scheme = switch (spec.kind()) {
                case TCP -> tls ? "stomp+ssl" : "tcp";
                case WEBSOCKET -> tls ? "wss" : "ws";
            };
            InetSocketAddress address = address();
            try {
                return new URI(scheme, null, address.getAddress().getHostAddress(), address.getPort(),
                        spec.path(), null, null);
            } catch (URISyntaxException e) {
                throw new IllegalStateException("listener address is not a URI: " + address, e);
            }
        }
    }

    StompServer(Broker broker, boolean closeBroker, EventLoopGroup acceptGroup, EventLoopGroup ioGroup,
                        ChannelGroup connections, List<BoundListener> listeners, Duration shutdownTimeout) {
        this.broker = broker;
        this.closeBroker = closeBroker;
        this.acceptGroup = acceptGroup;
        this.ioGroup = ioGroup;
        this.connections = connections;
        this.listeners = List.copyOf(listeners);
        this.shutdownTimeout = shutdownTimeout;
    }

    /** A builder with no listeners yet; add at least one with {@code tcp} or {@code webSocket}. */
    public static StompServerBuilder builder() {
        return new StompServerBuilder();
    }

    /** The broker this server serves: the one given to the builder, or the default it built. */
    public Broker broker() {
        return broker;
    }

    /**
     * The port of the first TCP listener, as bound: the way to learn the port when the builder
     * asked for port 0.
     *
     * @throws IllegalStateException when the server has no TCP listener
     */
    public int tcpPort() {
        return firstPort(ListenerSpec.Kind.TCP);
    }

    /**
     * The port of the first WebSocket listener, as bound.
     *
     * @throws IllegalStateException when the server has no WebSocket listener
     */
    public int webSocketPort() {
        return firstPort(ListenerSpec.Kind.WEBSOCKET);
    }

    private int firstPort(ListenerSpec.Kind kind) {
        return listeners.stream()
                .filter(l -> l.spec().kind() == kind)
                .findFirst()
                .map(l -> l.address().getPort())
                .orElseThrow(() -> new IllegalStateException("no " + kind + " listener"));
    }

    /**
     * Every listener's real address as a URI, in the order they were added: {@code tcp://host:port}
     * ({@code stomp+ssl://} with TLS) and {@code ws://host:port/path} ({@code wss://} with TLS).
     */
    public List<URI> listenerUris() {
        return listeners.stream().map(BoundListener::uri).toList();
    }

    /** Whether {@link #close()} was called: its listeners are closed or closing. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Shuts down gracefully: stops accepting, closes the broker if this server owns it (every
     * client gets an ERROR "server shutting down"), waits up to the shutdown timeout for the
     * connections to close, closes whatever is left and stops the event loops. Idempotent; a
     * second call returns once the first has finished.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        checkNotOnOwnThread();
        closed = true;
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        for (BoundListener listener : listeners) {
            listener.channel().close().awaitUninterruptibly(remainingMillis(deadline));
        }
        if (closeBroker) {
            try {
                broker.close();
            } catch (RuntimeException e) {
                log.warn("broker failed to close cleanly", e);
            }
        }
        // Connections with no session (plain HTTP, handshakes under way) have nothing to drain.
        connections.close(channel -> !channel.hasAttr(StompChannelHandler.HAS_SESSION))
                .awaitUninterruptibly(remainingMillis(deadline));
        if (!connections.newCloseFuture().awaitUninterruptibly(remainingMillis(deadline))) {
            log.debug("{} connections still open after the shutdown timeout; closing them", connections.size());
        }
        connections.close().awaitUninterruptibly(remainingMillis(deadline));
        Future<?> io = ioGroup.shutdownGracefully(0, remainingMillis(deadline), TimeUnit.MILLISECONDS);
        Future<?> accept = acceptGroup.shutdownGracefully(0, remainingMillis(deadline), TimeUnit.MILLISECONDS);
        // Netty's own termination takes a few milliseconds past the quiet period: a little slack.
        io.awaitUninterruptibly(remainingMillis(deadline) + 1_000);
        accept.awaitUninterruptibly(remainingMillis(deadline) + 1_000);
        log.info("STOMP server stopped");
    }

    private void checkNotOnOwnThread() {
        for (EventLoopGroup group : List.of(ioGroup, acceptGroup)) {
            for (EventExecutor executor : group) {
                if (executor.inEventLoop()) {
                    throw new IllegalStateException("close() called from the server's own event loop");
                }
            }
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
