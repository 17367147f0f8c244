package io.stompede.bench.load;

import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** Which broker to load and how to talk to it; the options every scenario shares. */
final class Target {
    enum Transport { tcp, ws }

    /** The kind of WebSocket message the tool sends its frames in. */
    enum WsMessages { text, binary }

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Broker address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "61613", description = "STOMP port, TCP or WebSocket (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--transport", defaultValue = "tcp", description = "tcp or ws (default: ${DEFAULT-VALUE}).")
    Transport transport;

    @Option(names = "--ws-path", defaultValue = "/stomp", description = "WebSocket endpoint path (default: ${DEFAULT-VALUE}).")
    String wsPath;

    @Option(names = "--ws-messages", defaultValue = "text",
            description = "WebSocket message kind to send frames in, text (as browsers send strings) or binary; "
                    + "a broker that answers in the client's kind answers in it too (default: ${DEFAULT-VALUE}).")
    WsMessages wsMessages;

    @Option(names = "--topic-prefix", defaultValue = "/topic/", description = "Prefix of publish-subscribe destinations (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--queue-prefix", defaultValue = "/queue/", description = "Prefix of point-to-point destinations (default: ${DEFAULT-VALUE}).")
    String queuePrefix;

    @Option(names = "--login", description = "CONNECT login (none by default).")
    String login;

    @Option(names = "--passcode", defaultValue = "", description = "CONNECT passcode.")
    String passcode;

    @Option(names = "--vhost", defaultValue = "/", description = "CONNECT host header; RabbitMQ takes it as the virtual host (default: ${DEFAULT-VALUE}).")
    String vhost;

    @Option(names = "--subscribed-after", paramLabel = "MILLIS",
            description = "For a broker that answers no RECEIPT (Spring's simple broker): SUBSCRIBE without a receipt "
                    + "request and take the subscription as made this many milliseconds later (default: wait for the RECEIPT).")
    Integer subscribedAfterMillis;

    @Option(names = "--label", defaultValue = "broker", description = "Name of the broker in the result line (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--loops", defaultValue = "1", description = "Selector threads of the load tool (default: ${DEFAULT-VALUE}).")
    int loops;

    /** Read buffer per connection; scenarios with many idle connections lower it. */
    int bufferBytes = 64 * 1024;

    /** The framing of a connection to {@code port} on {@link #host}. */
    Framing framing(int port) {
        return transport == Transport.ws ? new WebSocketFraming(host, port, wsPath, wsMessages == WsMessages.binary) : TcpFraming.INSTANCE;
    }

    /** The SEND frame up to its body, for a body of {@code size} bytes. */
    static byte[] sendPrefix(String destination, int size) {
        return ("SEND\ndestination:" + destination + "\ncontent-length:" + size + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
