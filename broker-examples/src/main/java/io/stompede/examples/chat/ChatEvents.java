package io.stompede.examples.chat;

import io.stompede.frame.Headers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Makes the events of a room, each with a fresh id and the time it was made, and publishes them
 * as JSON. Public for the Spring Boot chat, which makes its events here too. Thread-safe.
 */
public final class ChatEvents {
    static final Headers JSON_HEADERS = Headers.of("content-type", "application/json");

    private final Clock clock;

    /** {@code clock} gives each event its {@code sentAt}. */
    public ChatEvents(Clock clock) {
        this.clock = clock;
    }

    /** A chat message, {@code writer} being whoever the server authenticated. */
    public ChatEvent message(long room, String writer, String text) {
        return new ChatEvent(id(), room, ChatEvent.MESSAGE, writer, text, null, now());
    }

    ChatEvent entered(long room, String writer, List<String> members) {
        return new ChatEvent(id(), room, ChatEvent.ENTER, writer, null, members, now());
    }

    ChatEvent left(long room, String writer, List<String> members) {
        return new ChatEvent(id(), room, ChatEvent.LEAVE, writer, null, members, now());
    }

    ChatEvent members(long room, List<String> members) {
        return new ChatEvent(id(), room, ChatEvent.MEMBERS, null, null, members, now());
    }

    String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
