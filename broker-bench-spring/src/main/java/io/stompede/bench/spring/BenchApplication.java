package io.stompede.bench.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A chat server as Spring applications write one, for {@code bench/spring.sh} to load through its
 * WebSocket endpoint, {@code /chat}: clients SEND a line to {@code /app/ROOM}, a controller
 * broadcasts it to {@code /topic/ROOM}, and the room's subscribers get it. The broker behind is
 * the one Spring profile given names ({@link Mode}): {@code simple}, {@code stompede},
 * {@code intercepted} or {@code relay}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({Messaging.class, Room.class})
public class BenchApplication {
    /** Runs the application until it is stopped; {@code --spring.profiles.active=MODE} is required. */
    public static void main(String[] args) {
        SpringApplication.run(BenchApplication.class, args);
    }
}
