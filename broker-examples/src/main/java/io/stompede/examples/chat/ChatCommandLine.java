package io.stompede.examples.chat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Reads the chat server's options into a {@link ChatServer.Builder}. Stateless. */
final class ChatCommandLine {
    static final String USAGE = """
            java -jar chat-server.jar [options]
              --host H            address to listen on (default 127.0.0.1; 0.0.0.0 for phones on the network)
              --ws-port N         the page and its WebSocket endpoint /stomp (default 15674)
              --tcp-port N        STOMP over TCP (default 61613)
              --data DIR          rooms, history and users (default ./chat-data)
              --users FILE        the users file (default DIR/users)
              --no-signup         only users already in the users file may sign in
              --cluster URI       share the chat with other instances through Redis (redis://HOST:PORT)
              --node-id ID        this instance's id in the cluster (default random)""";

    private ChatCommandLine() {
    }

    /**
     * The builder these options make, or {@code null} for {@code --help}.
     *
     * @throws IllegalArgumentException for an unknown option or a missing value
     */
    static ChatServer.Builder parse(String... args) {
        ChatServer.Builder builder = ChatServer.builder();
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        String redis = null;
        String nodeId = null;
        while (!rest.isEmpty()) {
            String option = rest.poll();
            switch (option) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--no-signup" -> builder.signUp(false);
                case "--host" -> builder.host(value(option, rest));
                case "--ws-port" -> builder.webPort(Integer.parseInt(value(option, rest)));
                case "--tcp-port" -> builder.tcpPort(Integer.parseInt(value(option, rest)));
                case "--data" -> builder.dataDirectory(Path.of(value(option, rest)));
                case "--users" -> builder.usersFile(Path.of(value(option, rest)));
                case "--cluster" -> redis = value(option, rest);
                case "--node-id" -> nodeId = value(option, rest);
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (redis != null) {
            builder.cluster(redis, nodeId);
        } else if (nodeId != null) {
            throw new IllegalArgumentException("--node-id is for --cluster");
        }
        return builder;
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return rest.poll();
    }
}
