package io.stompede.interop;

import io.stompede.Broker;
import io.stompede.netty.StompServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A Stompede server for the interop tests: TCP and WebSocket ({@code /stomp}) listeners on
 * 127.0.0.1, on ephemeral ports unless a test asks for the ports of an earlier server (to restart
 * the broker "on the same port"). The broker has its default settings, heart-beats included: it
 * follows the interval each client asks for, as users of the standalone broker will see it.
 */
final class InteropBroker implements AutoCloseable {
    private final Broker broker;
    private final StompServer server;

    private InteropBroker(Broker broker, StompServer server) {
        this.broker = broker;
        this.server = server;
    }

    /** A new broker on fresh ephemeral ports. */
    static InteropBroker start() {
        return start(newBroker(), 0, 0);
    }

    static Broker newBroker() {
        return Broker.builder().build();
    }

    /**
     * Serves {@code broker} on the given ports (0 for a free one). {@link #close()} closes the
     * broker too, which tells clients "server shutting down"; {@link #dropConnections()} closes
     * only the sockets.
     */
    static InteropBroker start(Broker broker, int tcpPort, int webSocketPort) {
        try {
            StompServer server = StompServer.builder()
                    .broker(broker)
                    .closeBrokerOnClose(false)
                    .bind("127.0.0.1")
                    .tcp(tcpPort)
                    .webSocket(webSocketPort, "/stomp")
                    .ioThreads(2)
                    // Clients of a server that keeps its broker open are only ever cut off: no
                    // reason to wait for them to leave.
                    .shutdownTimeout(Duration.ofMillis(500))
                    .start();
            return new InteropBroker(broker, server);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Stompede on tcp " + tcpPort + ", ws " + webSocketPort, e);
        }
    }

    Broker broker() {
        return broker;
    }

    int tcpPort() {
        return server.tcpPort();
    }

    int webSocketPort() {
        return server.webSocketPort();
    }

    String webSocketUrl() {
        return "ws://127.0.0.1:" + webSocketPort() + "/stomp";
    }

    /**
     * Closes the listeners and every socket without a word to the clients, keeping the broker and
     * its queues; {@link #start(Broker, int, int)} with the same ports serves it again.
     */
    void dropConnections() {
        server.close();
    }

    /** Stops the broker the way an operator does: clients get ERROR "server shutting down". */
    @Override
    public void close() {
        broker.close();
        server.close();
    }
}
