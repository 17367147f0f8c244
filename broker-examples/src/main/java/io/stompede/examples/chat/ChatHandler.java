package io.stompede.examples.chat;

import io.stompede.application.ApplicationContext;
import io.stompede.application.ApplicationHandler;
import io.stompede.application.ApplicationMessage;
import io.stompede.application.MessageRejectedException;

/**
 * Turns a client's SEND of {@code {"chatRoomId":5,"type":"MESSAGE","message":"hi"}} to
 * {@code /publish/chat} into a MESSAGE event for every member of room 5, written by the
 * authenticated sender whatever the body claims. Refuses bad JSON, unknown rooms and long
 * messages with an ERROR to the sender. Thread-safe.
 */
final class ChatHandler implements ApplicationHandler {
    private final Rooms rooms;
    private final ChatEvents events;

    ChatHandler(Rooms rooms, ChatEvents events) {
        this.rooms = rooms;
        this.events = events;
    }

    @Override
    public void handle(ApplicationMessage message, ApplicationContext context) throws MessageRejectedException {
        if (!ChatDestinations.PUBLISH_CHAT.equals(message.destination())) {
            throw new MessageRejectedException("chat messages go to " + ChatDestinations.PUBLISH_CHAT);
        }
        ChatJson.Incoming chat = ChatJson.message(message.frame().sharedBody());
        if (!rooms.exists(chat.chatRoomId())) {
            throw new MessageRejectedException("there is no room " + chat.chatRoomId());
        }
        ChatEvent event = events.message(chat.chatRoomId(), message.principal().name(), chat.message());
        context.publish(ChatDestinations.room(chat.chatRoomId()), ChatEvents.JSON_HEADERS, ChatJson.write(event));
    }
}
