package io.stompede.examples.springchat;

import io.stompede.Broker;
import io.stompede.examples.chat.ChatEvents;
import io.stompede.examples.chat.Presence;
import io.stompede.examples.chat.Rooms;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The Spring Boot chat: {@code java -jar broker-examples/target/broker-examples-*-spring-chat.jar}
 * serves the chat's page on {@code http://127.0.0.1:8080/} and its STOMP endpoint on
 * {@code /stomp}, for the users of {@code chat.users}. Its settings are in
 * {@code spring-chat.properties} (on the class path, then in the working directory), and any of
 * them can be given on the command line as {@code --name=value}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SpringChatApplication {
    private static final Logger LOG = LoggerFactory.getLogger(SpringChatApplication.class);

    /**
     * Starts the chat with {@code args} ({@code --server.port=0}, {@code --stompede.cluster.redis=...})
     * on top of {@code spring-chat.properties}; for the main method and the tests.
     */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication application = new SpringApplication(SpringChatApplication.class);
        // Named for the chat: a spring-chat.properties in the working directory is plainly this chat's settings.
        application.setDefaultProperties(Map.of("spring.config.name", "spring-chat"));
        return application.run(args);
    }

    /** Runs the chat until the process is stopped; {@code args} as for {@link #start}. */
    public static void main(String[] args) {
        start(args);
    }

    @Bean
    ChatEvents chatEvents() {
        return new ChatEvents(Clock.systemUTC());
    }

    /** The plain chat's room list, fed by the broker's retained announcements, so that it outlives a restart. */
    @Bean(destroyMethod = "close")
    Rooms rooms(ChatEvents events, Broker broker) {
        Rooms rooms = new Rooms(events);
        rooms.start(broker);
        return rooms;
    }

    /**
     * The plain chat's presence: ENTER and LEAVE, with the member list, on each room's topic, from
     * the broker's own subscription events, so a closed tab leaves too; across instances, merged
     * through the broker's internal topic. Stopped before the broker, so that a stopping instance
     * announces no LEAVE for each of its users.
     */
    @Bean(destroyMethod = "close")
    Presence presence(ChatEvents events, Broker broker, Environment environment) {
        String node = environment.getProperty("stompede.cluster.node-id", "spring-chat-" + UUID.randomUUID());
        Presence presence = new Presence(node, events, Clock.systemUTC(), Presence.DEFAULT_REFRESH);
        presence.start(broker);
        return presence;
    }

    /** Says where the page is once the server listens: Spring's own log gives only the port. */
    @EventListener
    void listening(WebServerInitializedEvent event) {
        String address = event.getApplicationContext().getEnvironment().getProperty("server.address", "127.0.0.1");
        String host = address.equals("0.0.0.0") ? "127.0.0.1" : address;
        LOG.info("chat on http://{}:{}/", host, event.getWebServer().getPort());
    }
}
