package io.stompede.interop;

import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Controller;

/**
 * Turns a chat line sent to {@code /app/rooms/{room}} into a broadcast to {@code /topic/rooms.{room}},
 * signed with the instance's name. The broadcast leaves through the relay's system session, the
 * one shared connection each instance keeps to the broker.
 */
@Controller
class ChatController {
    private final SimpMessagingTemplate template;
    private final ChatInstance.Settings settings;

    ChatController(SimpMessagingTemplate template, ChatInstance.Settings settings) {
        this.template = template;
        this.settings = settings;
    }

    @MessageMapping("/rooms/{room}")
    void say(@DestinationVariable("room") String room, String text) {
        template.convertAndSend("/topic/rooms." + room, text + " (via " + settings.name() + ")");
    }
}
