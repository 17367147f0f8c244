package io.stompede.spring;

import io.stompede.Broker;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queues made for one session's user destinations, purged when the session ends. Spring names
 * a user destination's copy for each session of the user {@code /queue/x-user{session}}, whether or
 * not that session subscribed to it; on the simple broker a copy nobody subscribed to is dropped,
 * but on Stompede a queue keeps it, and keeps it forever since no session of that id will come
 * again. So the copies for a session that has ended are not published, and the queues of a session
 * that ends are emptied, after which the broker forgets them as it does every idle queue.
 * Thread-safe.
 */
final class UserQueues {
    /** What Spring's default resolver puts between the destination and the session id. */
    private static final String SESSION_MARK = "-user";

    private final Broker broker;
    private final Map<String, Set<String>> bySession = new ConcurrentHashMap<>();

    UserQueues(Broker broker) {
        this.broker = broker;
    }

    /** The session that user destination copy {@code destination} is for, or {@code null} if its name does not say. */
    static String sessionOf(String destination) {
        int mark = destination.lastIndexOf(SESSION_MARK);
        return mark < 0 ? null : destination.substring(mark + SESSION_MARK.length());
    }

    /** Remembers that {@code destination} was made for {@code sessionId}. */
    void made(String sessionId, String destination) {
        bySession.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(destination);
    }

    /** Session {@code sessionId} ended: what waits on its queues is dropped. */
    void ended(String sessionId) {
        Set<String> destinations = bySession.remove(sessionId);
        if (destinations != null) {
            // A topic or a queue that is already gone answers -1: nothing to do.
            destinations.forEach(broker::purgeQueue);
        }
    }
}
