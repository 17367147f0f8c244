package io.stompede.examples.springchat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One running Spring chat for a test: on a free loopback port, its journal in the test's folder,
 * with the demo users of {@code spring-chat.properties} and whatever else a test gives. Closing it
 * stops the application as a shutdown would.
 */
final class SpringChat implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private SpringChat(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** A chat with its journal in {@code journal} and {@code properties} on top of the chat's own. */
    static SpringChat start(Path journal, Map<String, String> properties) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--stompede.journal.data-dir=" + journal));
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return new SpringChat(SpringChatApplication.start(arguments.toArray(String[]::new)));
    }

    static SpringChat start(Path journal) {
        return start(journal, Map.of());
    }

    /** The page's STOMP endpoint. */
    String endpoint() {
        return "ws://127.0.0.1:" + port() + Messaging.ENDPOINT;
    }

    int port() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
