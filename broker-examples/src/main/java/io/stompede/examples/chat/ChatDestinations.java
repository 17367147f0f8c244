package io.stompede.examples.chat;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat's destinations, as in the story the broker was born from: clients SEND to
 * {@code /publish/chat} and SUBSCRIBE to {@code /subscribe/chat/room/ID}; the server alone
 * publishes to the rooms and to the internal presence topic. Public for the Spring Boot chat,
 * whose controller serves the same destinations. Stateless.
 */
public final class ChatDestinations {
    /** Where a client SENDs a chat message: {@code {"chatRoomId":5,"type":"MESSAGE","message":"hi"}}. */
    static final String PUBLISH_CHAT = "/publish/chat";
    /** Where a client SENDs {@code {"name":"Lunch"}} to create a room. */
    static final String PUBLISH_ROOMS = "/publish/chat/rooms";
    /** Where a client SENDs {@code {"chatRoomId":5}} to be told, on that room, who is in it now. */
    static final String PUBLISH_MEMBERS = "/publish/chat/members";
    /** Every room ever created, one announcement each, retained so a newcomer gets the list. */
    public static final String ROOMS = "/subscribe/chat/rooms";
    /** The prefix of a room's topic: {@code /subscribe/chat/room/5}. */
    public static final String ROOM_PREFIX = "/subscribe/chat/room/";
    /** The pattern of every room's topic, for the history rule. */
    static final String ALL_ROOMS = ROOM_PREFIX + "*";
    /** Where each instance publishes who is in its rooms; no client may subscribe to it. */
    static final String PRESENCE = "/internal/chat/presence";

    private static final Pattern ROOM = Pattern.compile(Pattern.quote(ROOM_PREFIX) + "([1-9][0-9]{0,17})");

    private ChatDestinations() {
    }

    /** The topic of room {@code chatRoomId}, {@code /subscribe/chat/room/5}. */
    public static String room(long chatRoomId) {
        return ROOM_PREFIX + chatRoomId;
    }

    /** The room id of a room's topic, or empty for any other destination (a pattern included). */
    public static OptionalLong roomOf(String destination) {
        Matcher matcher = ROOM.matcher(destination);
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }
}
