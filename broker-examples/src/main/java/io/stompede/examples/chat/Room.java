package io.stompede.examples.chat;

/**
 * A room as announced on {@code /subscribe/chat/rooms}, as JSON; shared by both chats. Immutable.
 *
 * @param chatRoomId its number, the one in {@code /subscribe/chat/room/ID}
 * @param name       what the list shows
 * @param createdBy  who created it
 * @param createdAt  when, ISO-8601 in UTC
 */
public record Room(long chatRoomId, String name, String createdBy, String createdAt) {
}
