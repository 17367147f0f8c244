package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the broker checks in the text messages a client sends, now that Netty's check of every
 * text message is off: headers are the STOMP decoder's to check, a body is octets. Spoken by hand
 * on a socket, since the JDK's client cannot send a text message that is not UTF-8.
 */
class WebSocketInboundTextTest extends WireTest {
    private static final byte[] NOT_UTF8 = {'x', (byte) 0xc0, (byte) 0xaf, (byte) 0xff, 'y'};
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int CLOSE = 8;

    @Test
    void aBodyThatIsNotUtf8InATextMessageIsDeliveredAndLeavesAsBinary() throws Exception {
        start(StompServer.builder().webSocket(0));
        try (RawWebSocket client = new RawWebSocket(server.webSocketPort())) {
            client.sendText(frame("CONNECT\naccept-version:1.2\nhost:localhost\n\n"));
            assertThat(client.read()).extracting(Message::kind, Message::command).containsExactly(TEXT, "CONNECTED");
            client.sendText(frame("SUBSCRIBE\nid:a\ndestination:/topic/t\nreceipt:r1\n\n"));
            assertThat(client.read()).extracting(Message::kind, Message::command).containsExactly(TEXT, "RECEIPT");

            client.sendText(WsTestClient.concat(("SEND\ndestination:/topic/t\ncontent-length:" + NOT_UTF8.length
                    + "\n\n").getBytes(StandardCharsets.UTF_8), NOT_UTF8, new byte[] {0}));

            Message message = client.read();
            assertThat(message.kind()).isEqualTo(BINARY);
            assertThat(message.frame().command()).isEqualTo("MESSAGE");
            assertThat(message.frame().body()).containsExactly(NOT_UTF8);
        }
    }

    @Test
    void aHeaderThatIsNotUtf8InATextMessageGetsAnError() throws Exception {
        start(StompServer.builder().webSocket(0));
        try (RawWebSocket client = new RawWebSocket(server.webSocketPort())) {
            client.sendText(frame("CONNECT\naccept-version:1.2\nhost:localhost\n\n"));
            assertThat(client.read().command()).isEqualTo("CONNECTED");

            client.sendText(WsTestClient.concat("SEND\ndestination:/topic/".getBytes(StandardCharsets.UTF_8), NOT_UTF8,
                    "\n\nbody\0".getBytes(StandardCharsets.UTF_8)));

            Message error = client.read();
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.frame().header("message")).containsIgnoringCase("UTF-8");
            assertThat(client.read().kind()).as("then the close").isEqualTo(CLOSE);
        }
    }

    private static byte[] frame(String withoutNul) {
        return (withoutNul + "\0").getBytes(StandardCharsets.UTF_8);
    }

    /** One message from the server: its opcode and payload. */
    record Message(int kind, byte[] payload) {
        StompFrame frame() {
            try {
                return new FrameReader(new ByteArrayInputStream(payload)).read();
            } catch (IOException e) {
                throw new UncheckedIOException("not a whole frame: " + new String(payload, StandardCharsets.UTF_8), e);
            }
        }

        String command() {
            return kind == CLOSE ? "(close)" : frame().command();
        }
    }

    /** The client side of RFC 6455 by hand: an upgrade, then masked text messages out, whole messages in. */
    private static final class RawWebSocket implements AutoCloseable {
        private final Socket socket = new Socket();
        private final OutputStream out;
        private final DataInputStream in;

        RawWebSocket(int port) throws IOException {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) TestClient.READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) TestClient.READ_TIMEOUT.toMillis());
            out = socket.getOutputStream();
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out.write(("GET /stomp HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: v12.stomp\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                head.write(in.readUnsignedByte());
            }
            assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        }

        void sendText(byte[] payload) throws IOException {
            byte[] mask = {1, 2, 3, 4};
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            message.write(0x80 | TEXT);
            if (payload.length < 126) {
                message.write(0x80 | payload.length);
            } else {
                message.write(0x80 | 126);
                message.write(payload.length >>> 8);
                message.write(payload.length & 0xff);
            }
            message.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                message.write(payload[i] ^ mask[i & 3]);
            }
            out.write(message.toByteArray());
        }

        Message read() throws IOException {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            assertThat(first & 0x80).as("final").isNotZero();
            assertThat(second & 0x80).as("a server's messages are not masked").isZero();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Message(first & 0x0f, payload);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
