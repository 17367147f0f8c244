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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session resume across the nodes of a cluster: three standalone nodes on one Redis, each a child
 * process; the node that held the session is killed with SIGKILL, and its client resumes on
 * another node with the token of its CONNECTED.
 */
class ResumeAcrossNodesTest {
    private static final Pattern LISTENING = Pattern.compile("listening stomp tcp://127\\.0\\.0\\.1:(\\d+)");

    @Test
    @Timeout(120)
    @DisplayName("the first node killed with SIGKILL: the session resumes on the third with its subscription ids, its unacknowledged queue messages redelivered")
    void resumeOnAnotherNodeAfterSigkill(@TempDir Path dir) throws Exception {
        List<Process> nodes = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(dir)) {
            int[] ports = {startNode(redis, "node-a", nodes), startNode(redis, "node-b", nodes),
                    startNode(redis, "node-c", nodes)};
            try (Socket alice = new Socket("127.0.0.1", ports[0]); Socket producer = connect(ports[1], "bob", null)) {
                alice.setSoTimeout(10_000);
                write(alice, "CONNECT\naccept-version:1.2\nhost:localhost\nlogin:alice\n\n\0");
                String connected = readFrame(alice.getInputStream());
                String token = header(connected, "x-resume-token");
                assertThat(token).isNotNull();
                write(alice, "SUBSCRIBE\nid:room\ndestination:/topic/resume.room\nreceipt:s1\n\n\0");
                assertThat(readFrame(alice.getInputStream())).startsWith("RECEIPT");
                write(alice, "SUBSCRIBE\nid:jobs\ndestination:/queue/resume.jobs\nack:client-individual\nreceipt:s2\n\n\0");
                assertThat(readFrame(alice.getInputStream())).startsWith("RECEIPT");
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    sent.add("job-" + i);
                    write(producer, "SEND\ndestination:/queue/resume.jobs\nreceipt:j" + i + "\n\njob-" + i + "\0");
                    assertThat(readFrame(producer.getInputStream())).startsWith("RECEIPT");
                }
                for (int i = 0; i < 3; i++) {
                    assertThat(readFrame(alice.getInputStream())).startsWith("MESSAGE").contains("subscription:jobs");
                }

                nodes.get(0).destroyForcibly().waitFor();     // SIGKILL: the node keeps nothing

                try (Socket back = connect(ports[2], "alice", token)) {
                    String resumed = lastConnected;
                    assertThat(header(resumed, "x-resumed")).isEqualTo("true");
                    assertThat(header(resumed, "x-resume-missed")).isEqualTo("unknown");
                    write(back, "SUBSCRIBE\nid:room\ndestination:/topic/resume.room\nreceipt:again\n\n\0");
                    // Redelivered once the dead node's heartbeat is older than the node timeout (5 s).
                    back.setSoTimeout(30_000);
                    List<String> jobs = new ArrayList<>();
                    String topic = null;
                    boolean receipted = false;
                    while (jobs.size() < 3 || topic == null) {
                        if (topic == null) {
                            write(producer, "SEND\ndestination:/topic/resume.room\n\nafter\0");
                        }
                        back.setSoTimeout(topic == null ? 300 : 30_000);
                        String frame;
                        try {
                            frame = readFrame(back.getInputStream());
                        } catch (SocketTimeoutException notYet) {
                            continue;   // node-c's subscription in Redis is not there yet: send again
                        }
                        assertThat(frame).doesNotStartWith("ERROR");
                        if (frame.startsWith("RECEIPT")) {
                            receipted = true;
                        } else if (frame.contains("subscription:jobs")) {
                            assertThat(frame).contains("redelivered:true");
                            jobs.add(frame.substring(frame.lastIndexOf('\n') + 1));
                        } else {
                            assertThat(frame).contains("subscription:room").endsWith("after");
                            topic = frame;
                        }
                    }
                    assertThat(receipted).isTrue();
                    assertThat(jobs).containsExactlyInAnyOrderElementsOf(sent);
                }
            }
        } finally {
            stop(nodes);
        }
    }

    private static String lastConnected;

    private static String header(String frame, String name) {
        for (String line : frame.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
            if (line.isEmpty()) {
                break;
            }
        }
        return null;
    }

    private static int startNode(RedisServer redis, String id, List<Process> nodes) throws IOException {
        Process node = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--cluster", redis.uri(), "--node-id", id, "--tcp-port", "0", "--ws-port", "-1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        nodes.add(node);
        String line = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)).readLine();
        Matcher listening = LISTENING.matcher(String.valueOf(line));
        assertThat(listening.matches()).as("node %s printed %s", id, line).isTrue();
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

    private static Socket connect(int port, String login, String token) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        write(socket, "CONNECT\naccept-version:1.2\nhost:localhost\nlogin:" + login + "\n"
                + (token == null ? "" : "x-resume-token:" + token + "\n") + "\n\0");
        lastConnected = readFrame(socket.getInputStream());
        assertThat(lastConnected).startsWith("CONNECTED");
        return socket;
    }

    private static void write(Socket socket, String frame) throws IOException {
        socket.getOutputStream().write(frame.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }
}
