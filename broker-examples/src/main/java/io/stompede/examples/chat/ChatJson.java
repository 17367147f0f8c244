package io.stompede.examples.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stompede.application.MessageRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads what clients send and writes what they receive, checking every field a client gives:
 * the reasons it refuses with are sent back to the client as the ERROR's message. Fields the
 * server sets itself ({@code writer}, {@code id}, {@code sentAt}) are ignored when a client sends
 * them, so nobody can write as someone else. Public for the Spring Boot chat, which checks what
 * its controller receives with the same rules. Thread-safe.
 */
public final class ChatJson {
    /** The longest chat message, in UTF-16 units, as the page's text field counts them. */
    public static final int MAX_MESSAGE_LENGTH = 1000;
    /** The longest room name. */
    static final int MAX_ROOM_NAME_LENGTH = 40;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A chat message as a client sends it, checked.
     *
     * @param chatRoomId the room it is for (whether the room exists is the caller's to check)
     * @param message    its text, stripped
     */
    public record Incoming(long chatRoomId, String message) {
    }

    private ChatJson() {
    }

    /**
     * Reads {@code {"chatRoomId":5,"type":"MESSAGE","message":"hi"}}.
     *
     * @throws MessageRejectedException with the reason for the client: not such an object, no
     *                                  room number, a type other than {@code MESSAGE}, no text or
     *                                  one over {@value #MAX_MESSAGE_LENGTH} characters
     */
    public static Incoming message(byte[] body) throws MessageRejectedException {
        JsonNode json = object(body, "{\"chatRoomId\":5,\"type\":\"MESSAGE\",\"message\":\"hi\"}");
        long room = roomId(json);
        JsonNode type = json.get("type");
        if (type == null || !ChatEvent.MESSAGE.equals(type.asText(null))) {
            // ENTER and LEAVE come from presence, which sees closed tabs too; a client cannot claim them.
            throw new MessageRejectedException("a client sends type MESSAGE; ENTER and LEAVE are the server's");
        }
        JsonNode text = json.get("message");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw new MessageRejectedException("a chat message needs a \"message\" text");
        }
        if (text.asText().length() > MAX_MESSAGE_LENGTH) {
            throw new MessageRejectedException("a chat message is at most " + MAX_MESSAGE_LENGTH + " characters");
        }
        return new Incoming(room, text.asText().strip());
    }

    /** Reads {@code {"chatRoomId":5}}, as a client asks who is in a room. */
    static long membersRequest(byte[] body) throws MessageRejectedException {
        return roomId(object(body, "{\"chatRoomId\":5}"));
    }

    /** Reads {@code {"name":"Lunch"}}, a room to create, and returns its name, trimmed. */
    static String roomName(byte[] body) throws MessageRejectedException {
        JsonNode json = object(body, "{\"name\":\"Lunch\"}");
        JsonNode name = json.get("name");
        String trimmed = name == null || !name.isTextual() ? "" : name.asText().strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_ROOM_NAME_LENGTH
                || trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw new MessageRejectedException("a room name is 1 to " + MAX_ROOM_NAME_LENGTH
                    + " characters, with no control characters");
        }
        return trimmed;
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what the server itself wrote (a room announcement, a presence snapshot). */
    static <T> T read(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode object(byte[] body, String example) throws MessageRejectedException {
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (IOException e) {
            // Refused below, with the example of what is expected.
        }
        throw new MessageRejectedException("expected a JSON object such as " + example);
    }

    private static long roomId(JsonNode json) throws MessageRejectedException {
        JsonNode id = json.get("chatRoomId");
        if (id == null || !id.canConvertToExactIntegral() || !id.canConvertToLong() || id.asLong() < 1) {
            throw new MessageRejectedException("\"chatRoomId\" is a room's number, such as 5");
        }
        return id.asLong();
    }
}
