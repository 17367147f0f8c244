package io.stompede.examples.chat;

import io.stompede.Broker;
import io.stompede.Subscription;
import io.stompede.application.ApplicationContext;
import io.stompede.application.ApplicationHandler;
import io.stompede.application.ApplicationMessage;
import io.stompede.application.MessageRejectedException;
import io.stompede.application.SessionInfo;
import io.stompede.message.Message;
import io.stompede.observer.BrokerObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence: who is in each room now, told to its members as ENTER and LEAVE events with the
 * member list. It watches the broker's subscriptions to room topics, not what pages say, so a
 * tab closed without a goodbye (its socket drops, or its heart-beats stop) still leaves: the
 * broker ends the session's subscriptions, and each end is heard here.
 *
 * <p>Across instances, each one publishes its own members on {@code /internal/chat/presence}
 * soon after they change, at most every {@link #PUBLISH_INTERVAL} (a reconnect storm of
 * thousands makes a few snapshots, not one per subscription for every other instance to merge),
 * and every {@code refresh}; it merges what the others publish ({@link Membership}); an instance
 * not heard for three refreshes is forgotten. A LEAVE waits {@link #LEAVE_GRACE}, in which the
 * user may turn up on another instance (see {@link Membership}). A client asks who is in a room
 * with a SEND to {@code /publish/chat/members}, answered to it alone.
 *
 * <p>Thread-safe: the broker's callbacks hand their work to one presence thread, where all state
 * is confined; the member list that answers requests is an immutable snapshot.
 */
public final class Presence implements BrokerObserver, ApplicationHandler, AutoCloseable {
    /** How often each instance tells the others its members by default, whether or not they changed. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(2);
    /** The shortest time between two snapshots of this instance's members, but for the refresh. */
    static final Duration PUBLISH_INTERVAL = Duration.ofMillis(200);
    /** How long a LEAVE waits for the user to turn up on another instance, or back here. */
    static final Duration LEAVE_GRACE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);

    /** What an instance publishes about its own members. */
    record Snapshot(String node, Map<Long, Set<String>> rooms) {
    }

    private final String nodeId;
    private final ChatEvents events;
    private final Clock clock;
    private final Duration refresh;
    private final Membership membership;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread presence = new Thread(task, "chat-presence");
        presence.setDaemon(true);
        return presence;
    });
    /** Who is in each room, as the MEMBERS answers tell; each list immutable. */
    private final Map<Long, List<String>> members = new ConcurrentHashMap<>();
    private volatile Broker broker;
    private Subscription snapshots;
    // On the presence thread: whether this instance's members changed since its last snapshot,
    // whether a snapshot is scheduled, and when (System.nanoTime) the last one went.
    private boolean dirty;
    private boolean snapshotScheduled;
    private long lastSnapshot = System.nanoTime() - PUBLISH_INTERVAL.toNanos();

    /**
     * Presence for the instance {@code nodeId} (unique among the instances on one Redis), which
     * tells the others its members every {@code refresh}; {@link #start} it with its broker.
     */
    public Presence(String nodeId, ChatEvents events, Clock clock, Duration refresh) {
        this.nodeId = nodeId;
        this.events = events;
        this.clock = clock;
        this.refresh = refresh;
        this.membership = new Membership(nodeId, refresh.multipliedBy(3), LEAVE_GRACE);
    }

    /** Starts watching the subscriptions of {@code broker} and hearing the other instances through it. */
    public void start(Broker broker) {
        this.broker = broker;
        snapshots = broker.subscribe(ChatDestinations.PRESENCE, this::heard);
        broker.addObserver(this);
        thread.scheduleAtFixedRate(this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void subscribed(SessionInfo session, String destination) {
        OptionalLong room = ChatDestinations.roomOf(destination);
        if (session != null && session.principal() != null && room.isPresent()) {
            String user = session.principal().name();
            run(() -> entered(room.getAsLong(), user));
        }
    }

    @Override
    public void unsubscribed(SessionInfo session, String destination) {
        OptionalLong room = ChatDestinations.roomOf(destination);
        if (session != null && session.principal() != null && room.isPresent()) {
            String user = session.principal().name();
            run(() -> left(room.getAsLong(), user));
        }
    }

    /** Answers {@code {"chatRoomId":5}} with a MEMBERS event on that room, to the sender alone. */
    @Override
    public void handle(ApplicationMessage message, ApplicationContext context) throws MessageRejectedException {
        ChatEvent answer = members(message.frame().sharedBody());
        context.reply(ChatDestinations.room(answer.chatRoomId()), ChatEvents.JSON_HEADERS, ChatJson.write(answer));
    }

    /**
     * The MEMBERS event that answers {@code request} ({@code {"chatRoomId":5}}): who is in that room
     * now, on every instance.
     *
     * @throws MessageRejectedException when the request is not such JSON
     */
    public ChatEvent members(byte[] request) throws MessageRejectedException {
        long room = ChatJson.membersRequest(request);
        return events.members(room, members.getOrDefault(room, List.of()));
    }

    private void entered(long room, String user) {
        boolean first = membership.enter(room, user);
        changed(room);
        if (first) {
            publish(events.entered(room, user, membership.members(room)));
        }
    }

    private void left(long room, String user) {
        if (membership.leave(room, user, clock.instant())) {
            schedule(this::announceLeaves, LEAVE_GRACE.toNanos());
        }
        changed(room);
    }

    /** Publishes the LEAVEs whose grace is over (a late one waits for the next refresh). */
    private void announceLeaves() {
        Map<Long, Set<String>> gone = membership.due(clock.instant());
        gone.forEach((room, users) -> {
            updateView(room);
            users.forEach(user -> publish(events.left(room, user, membership.members(room))));
        });
    }

    private void heard(Message message) {
        Snapshot snapshot = ChatJson.read(message.sharedBody(), Snapshot.class);
        if (!snapshot.node().equals(nodeId)) {
            run(() -> {
                membership.heard(snapshot.node(), snapshot.rooms(), clock.instant());
                updateView();
            });
        }
    }

    private void refresh() {
        try {
            membership.expire(clock.instant()).forEach((room, users) -> users.forEach(
                    user -> publish(events.left(room, user, membership.members(room)))));
            announceLeaves();
            updateView();
            publishSnapshot();
        } catch (RuntimeException e) {
            // A failed refresh must not end the schedule, or the other instances would forget this one.
            LOG.warn("Presence refresh failed", e);
        }
    }

    /**
     * Updates the list that answers requests, and tells the other instances: at once if the last
     * snapshot is older than {@link #PUBLISH_INTERVAL}, else once it is, with every change made by then.
     */
    private void changed(long room) {
        updateView(room);
        dirty = true;
        if (snapshotScheduled) {
            return;
        }
        long wait = lastSnapshot + PUBLISH_INTERVAL.toNanos() - System.nanoTime();
        if (wait <= 0) {
            publishSnapshot();
        } else {
            snapshotScheduled = true;
            schedule(() -> {
                snapshotScheduled = false;
                if (dirty) {
                    publishSnapshot();
                }
            }, wait);
        }
    }

    private void publishSnapshot() {
        dirty = false;
        lastSnapshot = System.nanoTime();
        broker.publish(ChatDestinations.PRESENCE, ChatEvents.JSON_HEADERS,
                        ChatJson.write(new Snapshot(nodeId, membership.local())))
                .exceptionally(failure -> {
                    LOG.warn("Could not publish this instance's presence: {}", failure.toString());
                    return null;
                });
    }

    /** The list of one room, after a change here: what that room costs, not every room. */
    private void updateView(long room) {
        List<String> now = membership.members(room);
        if (now.isEmpty()) {
            members.remove(room);
        } else {
            members.put(room, now);
        }
    }

    /** Every room's list, after another instance's snapshot. */
    private void updateView() {
        Map<Long, Set<String>> rooms = membership.rooms();
        members.keySet().retainAll(rooms.keySet());
        rooms.forEach((room, users) -> members.put(room, List.copyOf(users)));
    }

    private void publish(ChatEvent event) {
        broker.publish(ChatDestinations.room(event.chatRoomId()), ChatEvents.JSON_HEADERS, ChatJson.write(event))
                .exceptionally(failure -> {
                    LOG.warn("Could not publish {} of {} in room {}: {}", event.type(), event.writer(),
                            event.chatRoomId(), failure.toString());
                    return null;
                });
    }

    private void run(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // Closed: the instance is stopping, and what its sessions do now is no news to anyone.
        }
    }

    private void schedule(Runnable task, long delayNanos) {
        try {
            thread.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Closed, as above.
        }
    }

    /** Stops before the broker does, so that a stopping instance publishes no LEAVE for each of its users. */
    @Override
    public void close() {
        if (broker != null) {
            broker.removeObserver(this);
        }
        thread.shutdownNow();
        if (snapshots != null) {
            snapshots.close();
        }
    }
}
