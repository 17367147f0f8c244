package io.stompede.examples.chat;

import io.stompede.Broker;
import io.stompede.Subscription;
import io.stompede.application.ApplicationContext;
import io.stompede.application.ApplicationHandler;
import io.stompede.application.ApplicationMessage;
import io.stompede.application.MessageRejectedException;
import io.stompede.message.Message;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of the chat. A room is created by a client's SEND of {@code {"name":"Lunch"}} to
 * {@code /publish/chat/rooms}, which this handler turns into an announcement on
 * {@code /subscribe/chat/rooms}. That topic retains its last {@value #MAX_ROOMS} messages, in the
 * journal or, in a cluster, in Redis: so the list is the same on every instance, survives a
 * restart, and a page gets it whole by subscribing with {@code x-history}. This class hears the
 * same topic to know which rooms exist.
 *
 * <p>Thread-safe. Ids are the highest known plus one; two instances creating a room in the same
 * instant could both pick one id (see the README's limits).
 */
final class Rooms implements ApplicationHandler, AutoCloseable {
    /** The most rooms, and so the history the list's topic retains. */
    static final int MAX_ROOMS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Rooms.class);

    private final ChatEvents events;
    private final Map<Long, Room> rooms = new ConcurrentHashMap<>();
    private Subscription announcements;

    Rooms(ChatEvents events) {
        this.events = events;
    }

    /** Starts hearing the announcements, the retained ones first. */
    void start(Broker broker) {
        announcements = broker.subscribe(ChatDestinations.ROOMS, MAX_ROOMS, this::announced);
    }

    boolean exists(long chatRoomId) {
        return rooms.containsKey(chatRoomId);
    }

    @Override
    public synchronized void handle(ApplicationMessage message, ApplicationContext context)
            throws MessageRejectedException {
        String name = ChatJson.roomName(message.frame().sharedBody());
        String key = name.toLowerCase(Locale.ROOT);
        if (rooms.values().stream().anyMatch(room -> room.name().toLowerCase(Locale.ROOT).equals(key))) {
            throw new MessageRejectedException("there is a room called " + name + " already");
        }
        if (rooms.size() >= MAX_ROOMS) {
            throw new MessageRejectedException("this chat has its " + MAX_ROOMS + " rooms already");
        }
        long id = rooms.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        Room room = new Room(id, name, message.principal().name(), events.now());
        // Known at once, so that the next room created here, before this one comes back, gets the next id.
        rooms.put(id, room);
        context.publish(ChatDestinations.ROOMS, ChatEvents.JSON_HEADERS, ChatJson.write(room));
        LOG.info("{} created room {} ({})", room.createdBy(), id, name);
    }

    private void announced(Message message) {
        Room room = ChatJson.read(message.sharedBody(), Room.class);
        rooms.putIfAbsent(room.chatRoomId(), room);
    }

    @Override
    public void close() {
        if (announcements != null) {
            announcements.close();
        }
    }
}
