package io.stompede.routing;

import io.stompede.cluster.ClusterBus;
import io.stompede.message.Message;
import io.stompede.message.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands between a topic and a subscriber that asked for history kept by the cluster: live
 * messages that come before the history is read are held back, then the history goes out (marked
 * {@code x-history:true}), then the held messages that the history did not already hold, then
 * every live message as it comes, but for those the history held already (a message can reach
 * the history before its live copy reaches this node). What the history held is told by position:
 * a live message of the history's epoch at or below the last offset replayed (or the position the
 * subscriber asked to start after, when the history recovered it) is one the subscriber has. So the subscriber sees no gap and
 * no duplicate although the history is read asynchronously.
 *
 * <p>Thread-safe: live messages come on publishers' threads, the history on the bus's.
 */
final class HistoryReplay implements TopicSubscriber {
    private final TopicSubscriber subscriber;
    // Live messages held back until the history is replayed; null from then on. Guarded by this.
    private List<Message> held = new ArrayList<>();
    // Live messages of this epoch up to this offset are not delivered: the subscriber has them. Guarded by this.
    private String epoch;
    private long floor = Long.MIN_VALUE;

    HistoryReplay(TopicSubscriber subscriber) {
        this.subscriber = subscriber;
    }

    @Override
    public void onPublish(Message message) {
        synchronized (this) {
            if (held != null) {
                held.add(message);
                return;
            }
            if (had(message)) {
                return;
            }
        }
        subscriber.onPublish(message);
    }

    /**
     * Hands over what {@code replay} asks of {@code history}, oldest first, then what was held
     * back; once. Returns what the SUBSCRIBE's RECEIPT tells.
     */
    Recovery replay(ClusterBus.History history, Replay replay) {
        Replay.Selection selection = replay.select(history.epoch(), history.lastOffset(), history.messages());
        long last = selection.recovery() == Recovery.RECOVERED ? replay.since().offset() : Long.MIN_VALUE;
        for (Message message : selection.messages()) {
            Position position = Position.of(message);
            if (position != null) {
                last = Math.max(last, position.offset());
            }
            subscriber.onPublish(message.redirect(message.id(), message.destination(),
                    message.headers().with("x-history", "true")));
        }
        // Under the lock, so that a live message that comes meanwhile waits for those held before it.
        synchronized (this) {
            epoch = history.epoch();
            floor = last;
            for (Message message : held) {
                if (!had(message)) {
                    subscriber.onPublish(message);
                }
            }
            held = null;
        }
        return selection.recovery();
    }

    /** The live messages held back go out as they are: the history could not be read. */
    void replayNothing() {
        synchronized (this) {
            held.forEach(subscriber::onPublish);
            held = null;
        }
    }

    private boolean had(Message message) {
        Position position = Position.of(message);
        return position != null && position.epoch().equals(epoch) && position.offset() <= floor;
    }
}
