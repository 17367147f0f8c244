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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two standalone brokers started with --cluster on one real Redis act as one, for topics and
 * queues, and a node killed with SIGKILL loses none of the receipted queue messages it held.
 */
class ClusterOptionTest {
    private static final Pattern LISTENING = Pattern.compile("listening stomp tcp://127\\.0\\.0\\.1:(\\d+)");

    @Test
    @Timeout(90)
    void aMessageSentToOneNodeReachesASubscriberOnTheOther(@TempDir Path dir) throws Exception {
        List<Process> nodes = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(dir)) {
            int[] ports = {startNode(redis, "node-0", nodes, dir), startNode(redis, "node-1", nodes, dir)};
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
            stop(nodes);
        }
    }

    @Test
    @Timeout(120)
    void queueMessagesAConsumerHeldOnANodeKilledWithSigkillAreConsumedOnTheOtherNode(@TempDir Path dir)
            throws Exception {
        List<Process> nodes = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(dir)) {
            int doomed = startNode(redis, "doomed", nodes, dir);
            int survivor = startNode(redis, "survivor", nodes, dir);
            int count = 20;
            List<String> sent = new ArrayList<>();
            try (Socket holder = connect(doomed); Socket producer = connect(survivor)) {
                write(holder, "SUBSCRIBE\nid:h\ndestination:/queue/work\nack:client-individual\nprefetch-count:" + count
                        + "\nreceipt:s\n\n\0");
                assertThat(readFrame(holder.getInputStream())).startsWith("RECEIPT");
                for (int i = 0; i < count; i++) {
                    sent.add("job-" + i);
                    write(producer, "SEND\ndestination:/queue/work\npersistent:true\nreceipt:" + i + "\n\njob-" + i + "\0");
                    assertThat(readFrame(producer.getInputStream())).startsWith("RECEIPT").contains("receipt-id:" + i);
                }
                for (int i = 0; i < count; i++) {
                    assertThat(readFrame(holder.getInputStream())).startsWith("MESSAGE").doesNotContain("redelivered");
                }

                nodes.get(0).destroyForcibly().waitFor();

                try (Socket rescuer = connect(survivor)) {
                    // Redelivered once the dead node's heartbeat is older than the node timeout (5 s by default).
                    rescuer.setSoTimeout(30_000);
                    write(rescuer, "SUBSCRIBE\nid:r\ndestination:/queue/work\n\n\0");
                    List<String> rescued = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        String frame = readFrame(rescuer.getInputStream());
                        assertThat(frame).startsWith("MESSAGE").contains("redelivered:true");
                        rescued.add(frame.substring(frame.lastIndexOf('\n') + 1));
                    }
                    assertThat(rescued).containsExactlyInAnyOrderElementsOf(sent);
                }
            }
        } finally {
            stop(nodes);
        }
    }

    /**
     * Starts a standalone node of the cluster on {@code redis} as a child process; returns its TCP
     * port. Its log goes to a file in {@code dir}, shown when it does not start.
     */
    private static int startNode(RedisServer redis, String id, List<Process> nodes, Path dir) throws IOException {
        Path log = dir.resolve(id + ".log");
        Process node = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--cluster", redis.uri(), "--node-id", id, "--tcp-port", "0", "--ws-port", "-1")
                .redirectError(log.toFile()).start();
        nodes.add(node);
        String line = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)).readLine();
        Matcher listening = LISTENING.matcher(String.valueOf(line));
        assertThat(listening.matches()).as("node %s printed %s; its log:%n%s", id, line, Files.readString(log)).isTrue();
        return Integer.parseInt(listening.group(1));
    }

    private static void stop(List<Process> nodes) throws InterruptedException {
        for (Process node : nodes) {
            node.destroy();
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.destroyForcibly();
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
