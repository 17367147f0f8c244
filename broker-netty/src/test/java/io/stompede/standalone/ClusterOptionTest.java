package io.stompede.standalone;

import static io.stompede.standalone.MainTest.javaExecutable;
import static io.stompede.standalone.MainTest.readFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.cluster.redis.RedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two standalone brokers started with --cluster on one real Redis act as one for topics. */
class ClusterOptionTest {
    private static final Pattern LISTENING = Pattern.compile("listening stomp tcp://127\\.0\\.0\\.1:(\\d+)");

    @Test
    @Timeout(90)
    void aMessageSentToOneNodeReachesASubscriberOnTheOther(@TempDir Path dir) throws Exception {
        List<Process> nodes = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(dir)) {
            int[] ports = new int[2];
            for (int i = 0; i < 2; i++) {
                Process node = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                        Main.class.getName(), "--cluster", redis.uri(), "--node-id", "node-" + i,
                        "--tcp-port", "0", "--ws-port", "-1")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                nodes.add(node);
                String line = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                Matcher listening = LISTENING.matcher(String.valueOf(line));
                assertThat(listening.matches()).as("node %d printed %s", i, line).isTrue();
                ports[i] = Integer.parseInt(listening.group(1));
            }
            try (Socket subscriber = connect(ports[1]); Socket sender = connect(ports[0])) {
                write(subscriber, "SUBSCRIBE\nid:1\ndestination:/topic/chat.room-5\nreceipt:r\n\n\0");
                assertThat(readFrame(subscriber.getInputStream())).startsWith("RECEIPT");
                // The subscriber's node subscribes in Redis asynchronously: send until it arrives.
                String message = null;
                for (int attempt = 0; attempt < 50 && message == null; attempt++) {
                    write(sender, "SEND\ndestination:/topic/chat.room-5\n\n{\"chatRoomId\":5}\0");
                    subscriber.setSoTimeout(200);
                    try {
                        message = readFrame(subscriber.getInputStream());
                    } catch (SocketTimeoutException notYet) {
                        // not subscribed in Redis yet
                    }
                }
                assertThat(message).isNotNull().startsWith("MESSAGE").contains("subscription:1")
                        .endsWith("{\"chatRoomId\":5}");
            }
        } finally {
            for (Process node : nodes) {
                node.destroy();
                if (!node.waitFor(20, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        write(socket, "CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
        assertThat(readFrame(socket.getInputStream())).startsWith("CONNECTED");
        return socket;
    }

    private static void write(Socket socket, String frame) throws IOException {
        socket.getOutputStream().write(frame.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }
}
