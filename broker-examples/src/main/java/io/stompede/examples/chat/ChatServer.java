package io.stompede.examples.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stompede.application.ApplicationContext;
import io.stompede.application.ApplicationMessage;
import io.stompede.Broker;
import io.stompede.application.MessageRejectedException;
import io.stompede.cluster.ClusterBus;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.frame.Headers;
import io.stompede.netty.StompServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A chat server in a few dozen lines: a client SENDs {@code {"room":5,"author":"a","text":"hi"}}
 * to {@code /app/chat}, and every subscriber of {@code /topic/chat/room/5} receives it. The
 * broker runs inside this program; the application only decides where each message goes.
 *
 * <p>Several instances share their rooms through one Redis: started with
 * {@code --cluster redis://HOST:PORT}, a message sent to any instance reaches the members of its
 * room on every instance ({@code chat-cluster.sh} runs two on one Redis).
 */
public final class ChatServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a client sends to {@code /app/chat}. */
    record ChatMessage(int room, String author, String text) {
    }

    private ChatServer() {
    }

    /** Starts the chat server on these ports (0 picks free ones). */
    public static StompServer start(int tcpPort, int webSocketPort) throws IOException {
        return start(tcpPort, webSocketPort, ClusterBus.LOCAL);
    }

    /** Starts one instance of a chat shared through {@code bus} (a {@link RedisClusterBus}) on these ports. */
    public static StompServer start(int tcpPort, int webSocketPort, ClusterBus bus) throws IOException {
        Broker broker = Broker.builder().clusterBus(bus).application("/app/chat", ChatServer::relay).build();
        return StompServer.builder().broker(broker).closeBrokerOnClose(true)
                .tcp(tcpPort)
                .webSocket(webSocketPort, "/stomp")
                .start();
    }

    /** Checks a chat message and broadcasts it to its room. */
    static void relay(ApplicationMessage message, ApplicationContext context) throws MessageRejectedException {
        ChatMessage chat;
        try {
            chat = JSON.readValue(message.frame().sharedBody(), ChatMessage.class);
        } catch (IOException e) {
            throw new MessageRejectedException("a chat message is JSON: {\"room\":5,\"author\":\"a\",\"text\":\"hi\"}");
        }
        if (chat.author() == null || chat.text() == null) {
            throw new MessageRejectedException("a chat message needs an author and a text");
        }
        context.publish("/topic/chat/room/" + chat.room(), Headers.of("content-type", "application/json"),
                message.frame().sharedBody());
    }

    /**
     * {@code [--tcp-port N] [--ws-port N] [--cluster redis://HOST:PORT [--node-id ID]]}; by default
     * ports 61613 and 15674, one instance on its own.
     */
    public static void main(String[] args) throws Exception {
        int tcpPort = 61613;
        int webSocketPort = 15674;
        String redis = null;
        String nodeId = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (rest.size() >= 2) {
            String option = rest.remove(0);
            String value = rest.remove(0);
            switch (option) {
                case "--tcp-port" -> tcpPort = Integer.parseInt(value);
                case "--ws-port" -> webSocketPort = Integer.parseInt(value);
                case "--cluster" -> redis = value;
                case "--node-id" -> nodeId = value;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("option " + rest.get(0) + " needs a value");
        }
        ClusterBus bus = ClusterBus.LOCAL;
        if (redis != null) {
            RedisClusterBus.Builder cluster = RedisClusterBus.builder(redis);
            bus = (nodeId == null ? cluster : cluster.nodeId(nodeId)).build();
        }
        StompServer server = start(tcpPort, webSocketPort, bus);
        server.listenerUris().forEach(uri -> System.out.println("chat server listening on " + uri));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
