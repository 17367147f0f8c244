package io.stompede.spring;

import io.stompede.Broker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One running instance of the {@link ChatApplication}, on a free loopback port, with the
 * properties a test gives it. Closing it stops the application as a shutdown would.
 */
final class Instance implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private Instance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance with {@code properties} ({@code stompede.*} and others) on top of the test defaults. */
    static Instance start(Map<String, String> properties) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off"));
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return new Instance(new SpringApplicationBuilder(ChatApplication.class).run(arguments.toArray(String[]::new)));
    }

    static Instance start() {
        return start(Map.of());
    }

    /** The application's WebSocket endpoint, as a browser of {@code user} (with {@code roles}) connects to it. */
    String url(String user, String... roles) {
        return "ws://127.0.0.1:" + port() + "/chat?user=" + user + (roles.length == 0 ? "" : "&roles=" + String.join(",", roles));
    }

    /** The application's SockJS endpoint, as a browser of {@code user} connects to it. */
    String sockJsUrl(String user) {
        return "http://127.0.0.1:" + port() + "/chat-sockjs?user=" + user;
    }

    /** The endpoint for a client with no login. */
    String anonymousUrl() {
        return "ws://127.0.0.1:" + port() + "/chat";
    }

    int port() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** The application's broker, as it may inject it. */
    Broker broker() {
        return context.getBean(Broker.class);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    @Override
    public void close() {
        context.close();
    }
}
