package io.stompede.routing;

import io.stompede.message.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stands between a topic and a subscriber that asked for history kept by the cluster: live
 * messages that come before the history is read are held back, then the history goes out (marked
 * {@code x-history:true}), then the held messages that the history did not already hold, then
 * every live message as it comes, but for those the history held already (a message can reach
 * the history before its live copy reaches this node). So the subscriber sees no gap and no
 * duplicate although the history is read asynchronously.
 *
 * <p>Thread-safe: live messages come on publishers' threads, the history on the bus's.
 */
final class HistoryReplay implements TopicSubscriber {
    private final TopicSubscriber subscriber;
    // Live messages held back until the history is replayed; null from then on. Guarded by this.
    private List<Message> held = new ArrayList<>();
    // The ids replayed whose live copy has not come yet, at most the history's length. Guarded by this.
    private Set<String> replayed = Set.of();

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
            if (!replayed.isEmpty() && replayed.remove(message.id())) {
                return;
            }
        }
        subscriber.onPublish(message);
    }

    /** Hands over {@code history}, oldest first, then what was held back; once. */
    void replay(List<Message> history) {
        Set<String> ids = new HashSet<>();
        for (Message message : history) {
            ids.add(message.id());
            subscriber.onPublish(message.redirect(message.id(), message.destination(),
                    message.headers().with("x-history", "true")));
        }
        // Under the lock, so that a live message that comes meanwhile waits for those held before it.
        synchronized (this) {
            for (Message message : held) {
                if (!ids.remove(message.id())) {
                    subscriber.onPublish(message);
                }
            }
            held = null;
            replayed = ids;
        }
    }
}
