package io.stompede.session;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The open sessions of a broker, and their ids. Thread-safe. */
public final class Sessions {
    private final ConcurrentHashMap<String, Session> open = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final String prefix;

    /** No sessions yet; each new session's id is {@code prefix} followed by a counter. */
    public Sessions(String prefix) {
        this.prefix = prefix;
    }

    String nextId() {
        return prefix + nextId.incrementAndGet();
    }

    void add(Session session) {
        open.put(session.id(), session);
    }

    void remove(Session session) {
        open.remove(session.id(), session);
    }

    /** The open session of that id, or {@code null}. */
    public Session find(String id) {
        return open.get(id);
    }

    /** Sessions open now, connected or still waiting for CONNECT. */
    public int count() {
        return open.size();
    }

    /** Sessions that completed CONNECT. */
    public int connectedCount() {
        int count = 0;
        for (Session session : open.values()) {
            if (session.version() != null) {
                count++;
            }
        }
        return count;
    }

    /** A snapshot of the open sessions. */
    public Collection<Session> snapshot() {
        return List.copyOf(open.values());
    }
}
