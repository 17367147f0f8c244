package io.stompede.examples.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What every member of a room receives on {@code /subscribe/chat/room/ID}, as JSON: a message
 * ({@code MESSAGE}), someone entering or leaving ({@code ENTER}, {@code LEAVE}, with who is in
 * the room now), or the answer to one client asking who is there ({@code MEMBERS}). The writer is
 * always the authenticated principal, set by the server. Shared by both chats, so that their
 * pages are one. Immutable.
 *
 * @param id         unique per event, so a page that gets the history again shows each event once
 * @param chatRoomId the room
 * @param type       {@code MESSAGE}, {@code ENTER}, {@code LEAVE} or {@code MEMBERS}
 * @param writer     who wrote, entered or left; {@code null} for {@code MEMBERS}
 * @param message    the text of a {@code MESSAGE}, otherwise {@code null}
 * @param members    who is in the room, sorted, for every type but {@code MESSAGE}
 * @param sentAt     when the server accepted it, ISO-8601 in UTC
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatEvent(String id, long chatRoomId, String type, String writer, String message, List<String> members,
                 String sentAt) {
    static final String MESSAGE = "MESSAGE";
    static final String ENTER = "ENTER";
    static final String LEAVE = "LEAVE";
    static final String MEMBERS = "MEMBERS";
}
