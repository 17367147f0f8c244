package io.stompede.spring;

import io.stompede.Broker;
import io.stompede.netty.StompServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.context.SmartLifecycle;

/**
 * Stompede's own STOMP-over-TCP listener beside the application, for clients that are not
 * browsers (services, devices, command-line tools): the same broker the application's WebSocket
 * endpoint reaches, so a TCP client and a browser share its topics and queues. On when
 * {@code stompede.tcp.port} is set; started and stopped with the application context, which closes
 * the broker itself only after. Thread-safe.
 */
public final class StompedeTcpListener implements SmartLifecycle {
    private final Broker broker;
    private final String bind;
    private final int port;
    private volatile StompServer server;

    StompedeTcpListener(Broker broker, String bind, int port) {
        this.broker = broker;
        this.bind = bind;
        this.port = port;
    }

    @Override
    public synchronized void start() {
        try {
            server = StompServer.builder().broker(broker).bind(bind).tcp(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port + " (stompede.tcp.port)", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port the listener is bound to, which {@code stompede.tcp.port=0} leaves to the system. */
    public int port() {
        StompServer running = server;
        if (running == null) {
            throw new IllegalStateException("the TCP listener is not running");
        }
        return running.tcpPort();
    }
}
