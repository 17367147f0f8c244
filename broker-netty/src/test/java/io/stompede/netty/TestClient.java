package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A raw STOMP client over some transport, for wire tests. Confined to the test thread. */
interface TestClient extends AutoCloseable {
    /** Bounds every blocking read; generous because the build machine may be loaded. */
    Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** Sends bytes as they are (over WebSocket: as one message). */
    void sendRaw(byte[] bytes) throws IOException;

    /** The frames and heart-beats that arrived. */
    FrameReader reader();

    /** Waits until the server closes the connection, discarding what arrives; false on timeout. */
    boolean awaitClosed(Duration timeout);

    @Override
    void close();

    default void send(String command, String... headerPairs) throws IOException {
        sendWithBody(command, "", headerPairs);
    }

    default void sendWithBody(String command, String body, String... headerPairs) throws IOException {
        sendRaw(StompFrame.encode(command, headers(headerPairs), body));
    }

    default StompFrame receive() throws IOException {
        return reader().read();
    }

    /** CONNECT for STOMP 1.2 with the given extra headers; asserts CONNECTED. */
    default StompFrame connect(String... headerPairs) throws IOException {
        String[] all = new String[headerPairs.length + 4];
        all[0] = "accept-version";
        all[1] = "1.2";
        all[2] = "host";
        all[3] = "localhost";
        System.arraycopy(headerPairs, 0, all, 4, headerPairs.length);
        send("CONNECT", all);
        StompFrame connected = receive();
        assertThat(connected.command()).as("answer to CONNECT: %s", connected).isEqualTo("CONNECTED");
        return connected;
    }

    /** SUBSCRIBE with auto ack and a receipt, waiting for the RECEIPT so the subscription is in place. */
    default void subscribe(String id, String destination) throws IOException {
        send("SUBSCRIBE", "id", id, "destination", destination, "receipt", "sub-" + id);
        StompFrame receipt = receive();
        assertThat(receipt.command()).as("answer to SUBSCRIBE: %s", receipt).isEqualTo("RECEIPT");
        assertThat(receipt.header("receipt-id")).isEqualTo("sub-" + id);
    }

    static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }
}
