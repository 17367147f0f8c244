package io.stompede.examples.springchat;

import io.stompede.application.MessageRejectedException;
import io.stompede.examples.chat.ChatDestinations;
import io.stompede.examples.chat.ChatEvent;
import io.stompede.examples.chat.ChatEvents;
import io.stompede.examples.chat.ChatJson;
import io.stompede.examples.chat.Presence;
import io.stompede.examples.chat.Room;
import io.stompede.examples.chat.Rooms;
import java.security.Principal;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.stereotype.Controller;

/**
 * The chat's application destinations. A SEND of
 * {@code {"chatRoomId":5,"type":"MESSAGE","message":"hi"}} to {@code /publish/chat} becomes a
 * MESSAGE event on {@code /subscribe/chat/room/5}, written by the session's authenticated user
 * whatever the body says; {@code {"name":"Lunch"}} to {@code /publish/chat/rooms} creates a room and
 * announces it on {@code /subscribe/chat/rooms}; {@code {"chatRoomId":5}} to
 * {@code /publish/chat/members} says who is in the room, on its topic. What is refused (not such JSON, no such room, too
 * long, a name taken) goes back to the sender alone on {@code /user/queue/errors}, and the
 * connection stays open.
 *
 * <p>Bodies are taken raw and read by the plain chat's {@link ChatJson}, rather than bound by
 * Spring's converter, so that both chats refuse the same things with the same words. Stateless;
 * the rooms are {@link Rooms}'.
 */
@Controller
class ChatController {
    private final Rooms rooms;
    private final Presence presence;
    private final ChatEvents events;
    private final SimpMessagingTemplate template;

    ChatController(Rooms rooms, Presence presence, ChatEvents events, SimpMessagingTemplate template) {
        this.rooms = rooms;
        this.presence = presence;
        this.events = events;
        this.template = template;
    }

    @MessageMapping("/chat")
    void say(Message<byte[]> frame, Principal writer) throws MessageRejectedException {
        ChatJson.Incoming chat = ChatJson.message(frame.getPayload());
        if (!rooms.exists(chat.chatRoomId())) {
            throw new MessageRejectedException("there is no room " + chat.chatRoomId());
        }
        template.convertAndSend(ChatDestinations.room(chat.chatRoomId()),
                events.message(chat.chatRoomId(), writer.getName(), chat.message()));
    }

    @MessageMapping("/chat/rooms")
    void createRoom(Message<byte[]> frame, Principal creator) throws MessageRejectedException {
        Room room = rooms.create(frame.getPayload(), creator.getName());
        template.convertAndSend(ChatDestinations.ROOMS, room);
    }

    /**
     * {@code {"chatRoomId":5}}: who is in the room, as a MEMBERS event on its topic. The plain chat
     * answers the asking page alone; Spring can reply to a user's queue but not to one session's
     * subscription of a topic, so here every member hears the list, which is the one they have.
     */
    @MessageMapping("/chat/members")
    void members(Message<byte[]> frame) throws MessageRejectedException {
        ChatEvent answer = presence.members(frame.getPayload());
        template.convertAndSend(ChatDestinations.room(answer.chatRoomId()), answer);
    }

    /** To this session only: the user's other tabs did not send it. */
    @MessageExceptionHandler
    @SendToUser(destinations = "/queue/errors", broadcast = false)
    ChatError refused(MessageRejectedException refusal) {
        return new ChatError(refusal.getMessage());
    }
}
