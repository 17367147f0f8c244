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
 * <p>Public for the Spring Boot chat ({@code io.stompede.examples.springchat}), whose controller
 * creates rooms through {@link #create} and announces them itself, so both chats keep one list
 * with the same rules.
 *
 * <p>Thread-safe. Ids are the highest known plus one; two instances creating a room in the same
 * instant could both pick one id (see the README's limits).
 */
public final class Rooms implements ApplicationHandler, AutoCloseable {
    /** The most rooms, and so the history the list's topic retains. */
    public static final int MAX_ROOMS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Rooms.class);

    private final ChatEvents events;
    private final Map<Long, Room> rooms = new ConcurrentHashMap<>();
    private Subscription announcements;

    /** {@code events} gives each room its creation time. */
    public Rooms(ChatEvents events) {
        this.events = events;
    }

    /**
     * Starts hearing the announcements, the retained ones first: {@code broker} must retain
     * {@value #MAX_ROOMS} messages of {@link ChatDestinations#ROOMS} for the list to outlive a restart.
     */
    public void start(Broker broker) {
        announcements = broker.subscribe(ChatDestinations.ROOMS, MAX_ROOMS, this::announced);
    }

    /** Whether room {@code chatRoomId} was created, here or, in a cluster, on another instance. */
    public boolean exists(long chatRoomId) {
        return rooms.containsKey(chatRoomId);
    }

    @Override
    public void handle(ApplicationMessage message, ApplicationContext context) throws MessageRejectedException {
        Room room = create(message.frame().sharedBody(), message.principal().name());
        context.publish(ChatDestinations.ROOMS, ChatEvents.JSON_HEADERS, ChatJson.write(room));
    }

    /**
     * Creates the room that {@code body} ({@code {"name":"Lunch"}}) names, for {@code creator}, and
     * returns it for the caller to announce on {@link ChatDestinations#ROOMS}.
     *
     * @throws MessageRejectedException with the reason for the client: a bad name, one taken
     *                                  (case does not count), or {@value #MAX_ROOMS} rooms already
     */
    public synchronized Room create(byte[] body, String creator) throws MessageRejectedException {
        String name = ChatJson.roomName(body);
        String key = name.toLowerCase(Locale.ROOT);
        if (rooms.values().stream().anyMatch(room -> room.name().toLowerCase(Locale.ROOT).equals(key))) {
            throw new MessageRejectedException("there is a room called " + name + " already");
        }
        if (rooms.size() >= MAX_ROOMS) {
            throw new MessageRejectedException("this chat has its " + MAX_ROOMS + " rooms already");
        }
        long id = rooms.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        Room room = new Room(id, name, creator, events.now());
        // Known at once, so that the next room created here, before this one comes back, gets the next id.
        rooms.put(id, room);
        LOG.info("{} created room {} ({})", room.createdBy(), id, name);
        return room;
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
