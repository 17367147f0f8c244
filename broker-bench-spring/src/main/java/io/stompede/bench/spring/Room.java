package io.stompede.bench.spring;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Controller;

/**
 * The chat's controller: a line sent to {@code /app/ROOM} is broadcast to everyone subscribed to
 * {@code /topic/ROOM}. The line passes as it came, so that the load tool finds its send time in
 * it; a real chat would convert JSON here, which would cost every broker the same.
 */
@Controller
class Room {
    @MessageMapping("/{room}")
    @SendTo("/topic/{room}")
    String say(String line) {
        return line;
    }
}
