package io.stompede.examples.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stompede.application.ApplicationContext;
import io.stompede.application.ApplicationMessage;
import io.stompede.Broker;
import io.stompede.application.MessageRejectedException;
import io.stompede.frame.Headers;
import io.stompede.netty.StompServer;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * A chat server in a few dozen lines: a client SENDs {@code {"room":5,"author":"a","text":"hi"}}
 * to {@code /app/chat}, and every subscriber of {@code /topic/chat/room/5} receives it. The
 * broker runs inside this program; the application only decides where each message goes.
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
        Broker broker = Broker.builder().application("/app/chat", ChatServer::relay).build();
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

    public static void main(String[] args) throws Exception {
        StompServer server = start(61613, 15674);
        server.listenerUris().forEach(uri -> System.out.println("chat server listening on " + uri));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
