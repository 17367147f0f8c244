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
     * What a resuming node gets of a session it claimed: the record, and from a live node that
     * held it the topic messages it kept by subscription id, with how many it missed; both
     * {@code null} when that node is dead or did not answer in time (what it held is lost).
     */
    public record Claimed(SessionRecord record, Map<String, List<Message>> kept, Long missed) {
    }
}
