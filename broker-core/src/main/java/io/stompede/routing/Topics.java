package io.stompede.routing;

import io.stompede.destination.SubscriptionRegistry;
import io.stompede.cluster.ClusterBus;
import io.stompede.message.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish-subscribe routing: every subscriber whose pattern matches gets the message, and all of
 * them share its body. Tells the cluster bus which patterns this node has subscribers for.
 * Thread-safe; a publish takes no lock.
 */
final class Topics {
    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private final SubscriptionRegistry<TopicSubscriber> registry = new SubscriptionRegistry<>();
    private final ClusterBus bus;
    // Subscribers per pattern, to tell the bus of the first and the last. The bus is told inside
    // compute so that, for one pattern, it hears "interested" and "uninterested" in the order they
    // happened, whatever the threads.
    private final ConcurrentHashMap<String, Integer> interest = new ConcurrentHashMap<>();

    Topics(ClusterBus bus) {
        this.bus = bus;
    }

    void subscribe(String pattern, TopicSubscriber subscriber) {
        registry.add(pattern, subscriber);
        interest.compute(pattern, (p, count) -> {
            if (count == null) {
                bus.interested(p);
                return 1;
            }
            return count + 1;
        });
    }

    void unsubscribe(String pattern, TopicSubscriber subscriber) {
        if (registry.remove(pattern, subscriber)) {
            interest.computeIfPresent(pattern, (p, count) -> {
                if (count == 1) {
                    bus.uninterested(p);
                    return null;
                }
                return count - 1;
            });
        }
    }

    /** Hands the message to every matching subscriber; one that fails does not stop the rest. */
    int publish(Message message) {
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
    Map<String, Integer> subscriptionCounts() {
        return registry.countsByPattern();
    }
}
