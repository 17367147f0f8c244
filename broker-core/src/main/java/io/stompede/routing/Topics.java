package io.stompede.routing;

import io.stompede.destination.SubscriptionRegistry;
import io.stompede.message.Message;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish-subscribe routing: every subscriber whose pattern matches gets the message, and all of
 * them share its body. Thread-safe; a publish takes no lock.
 */
public final class Topics {
    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private final SubscriptionRegistry<TopicSubscriber> registry = new SubscriptionRegistry<>();

    public void subscribe(String pattern, TopicSubscriber subscriber) {
        registry.add(pattern, subscriber);
    }

    public boolean unsubscribe(String pattern, TopicSubscriber subscriber) {
        return registry.remove(pattern, subscriber);
    }

    /** Hands the message to every matching subscriber; one that fails does not stop the rest. */
    public int publish(Message message) {
        List<TopicSubscriber> subscribers = registry.match(message.destination());
        for (int i = 0, n = subscribers.size(); i < n; i++) {
            try {
                subscribers.get(i).onPublish(message);
            } catch (RuntimeException e) {
                LOG.warn("A subscriber of {} failed; the others still receive the message", message.destination(), e);
            }
        }
        return subscribers.size();
    }

    /** Subscriptions per pattern, for statistics. */
    public Map<String, Integer> subscriptionCounts() {
        return registry.countsByPattern();
    }
}
