package io.stompede.cluster;

import io.stompede.message.Message;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the cluster keeps of a resumable session, so that its client can resume it on any node:
 * who it belongs to, until when it may be resumed, and its subscriptions. The bus keeps it under
 * the key of the session's resume token (a hash of it, never the token), with the node that
 * holds it.
 *
 * @param principal     the principal the session authenticated as; nobody else may resume it
 * @param deadline      when its grace ends (epoch millis), or 0 while its connection is up
 * @param clientId      the ActiveMQ {@code client-id} of its CONNECT, or {@code null}
 * @param subscriptions its subscriptions, in no order
 */
public record SessionRecord(String principal, long deadline, String clientId, List<Subscription> subscriptions) {
    public SessionRecord {
        Objects.requireNonNull(principal, "principal");
        subscriptions = List.copyOf(subscriptions);
    }

    /**
     * One subscription, as its SUBSCRIBE made it.
     *
     * @param ack         the ack mode's wire value
     * @param durableName the durable subscription it consumes, or {@code null}
     */
    public record Subscription(String id, String destination, String ack, String durableName, int prefetch) {
        public Subscription {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(ack, "ack");
        }
    }

    /**
     * What a resuming node claimed: the record, gone from the cluster, and whom to ask for what
     * the session kept (see {@link ClusterBus#askHandOver}).
     *
     * @param key    the key the session was recorded under
     * @param holder the node that holds the session, as the bus names it; {@code null} when no node
     *               can answer (it died, or restarted since), and what it held is lost
     */
    public record Claimed(String key, SessionRecord record, String holder) {
        public Claimed {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * What the node that held a claimed session handed over as it ended it there: the topic
     * messages it kept, by subscription id, and how many did not fit its away bound.
     */
    public record HandedOver(Map<String, List<Message>> kept, long missed) {
        public HandedOver {
            kept = Map.copyOf(kept);
        }
    }
}
