package io.stompede.examples.chat;

/**
 * A room as announced on {@code /subscribe/chat/rooms}, as JSON. Immutable.
 *
 * @param chatRoomId its number, the one in {@code /subscribe/chat/room/ID}
 * @param name       what the list shows
 * @param createdBy  who created it
 * @param createdAt  when, ISO-8601 in UTC
 */
record Room(long chatRoomId, String name, String createdBy, String createdAt) {
}
