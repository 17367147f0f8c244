package io.stompede.session;

import io.stompede.frame.FrameEncoder;
import io.stompede.frame.StompVersion;
import io.stompede.message.Delivery;
import io.stompede.message.Message;
import io.stompede.routing.Attachment;
import io.stompede.routing.Queue;
import io.stompede.routing.QueuedMessage;
import io.stompede.routing.Subscriber;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SUBSCRIBE of a session. Publishers and queues hand it messages from their own threads into
 * its lock-free inbox; the session's thread takes them out, writes them and tracks what awaits an
 * ACK, within the ack window of a client-ack topic subscription. The object's identity is the
 * subscription: a new SUBSCRIBE with the same id is another object, so nothing queued for an old
 * one can ever be delivered on the new one.
 */
final class SessionSubscription implements Subscriber {
    final String id;
    final String destination;
    final AckMode ackMode;
    /** The durable subscription it consumes, by name, or {@code null}; what resuming attaches to again. */
    final String durableName;
    private final int prefetch;
    private final Outbox outbox;
    // Encoded for the session's version, which a resumed session may have changed.
    private byte[] subscriptionLine;

    /** Messages (topic) or queue entries waiting to be written; filled from any thread. */
    final ConcurrentLinkedQueue<Delivery> inbox = new ConcurrentLinkedQueue<>();
    /** Whether the subscription is in its session's list of subscriptions with waiting messages. */
    final AtomicBoolean listed = new AtomicBoolean();
    /** Topic messages in the inbox, bounded by the slow-consumer policy. */
    final AtomicInteger backlog = new AtomicInteger();
    /**
     * Deliveries that awaited an ACK when the session detached, written again before the inbox
     * once it is resumed. Confined to the session's thread.
     */
    final ArrayDeque<Delivery> redeliveries = new ArrayDeque<>();
    // Whether the subscription came back with a resumed session: a repeated SUBSCRIBE of its id
    // and destination is then the client resubscribing, not a second subscription.
    private boolean resumed;
    // Whether its client subscribed again with its id and destination since the last resume.
    private boolean reclaimed;
    private volatile boolean active = true;
    // While its session, claimed from another node, waits for what that node kept of it: the live
    // messages held back to go after those. Null otherwise. Guarded by this.
    private volatile List<Message> heldBack;
    // For a topic subscription of a resumed session until its client resubscribes, then during the
    // replay that resubscribe asked for: what it received, by position. Null otherwise.
    private volatile ReceivedPositions received;
    // Set on the session's thread right after the router attached the subscription.
    private Attachment attachment;

    // Confined to the session's thread: deliveries awaiting ACK, oldest first.
    private final LinkedHashMap<Long, PendingDelivery> pending = new LinkedHashMap<>();
    private final Map<String, PendingDelivery> pendingByMessageId = new HashMap<>();
    // The pending deliveries' size estimates, and how many of them are topic messages: those
    // count against the ack window here, queue entries against their queue's prefetch.
    private long pendingBytes;
    private int pendingTopicMessages;
    // Whether the outbox took the subscription off its ready list because the ack window is full.
    private boolean parked;

    SessionSubscription(String id, String destination, AckMode ackMode, String durableName, int prefetch,
                        StompVersion version, Outbox outbox) {
        this.id = id;
        this.destination = destination;
        this.ackMode = ackMode;
        this.durableName = durableName;
        this.prefetch = prefetch;
        this.outbox = outbox;
        this.subscriptionLine = FrameEncoder.encodeHeaderLine("subscription", id, version, true);
    }

    @Override
    public void onPublish(Message message) {
        if (active && (heldBack == null || !holdBack(message))) {
            offer(message);
        }
    }

    private void offer(Message message) {
        ReceivedPositions positions = received;
        if (positions != null && positions.isDone()) {
            received = null;
            positions = null;
        }
        if (positions == null || positions.admit(message)) {
            outbox.offerTopicMessage(this, message);
        }
    }

    /** Notes the positions of what it receives from now on, for a replay its client may ask for on resubscribing. */
    void notePositions() {
        if (queue() == null && durableName == null) {
            received = new ReceivedPositions();
        }
    }

    /**
     * The client subscribed again with this id and destination: the noting ends; with
     * {@code replaying} (it asked for a replay) what was noted is skipped from the replay.
     */
    void resubscribed(boolean replaying) {
        reclaimed = true;
        ReceivedPositions positions = received;
        if (positions == null || !replaying || !positions.skipFromNow()) {
            received = null;
        }
    }

    /** Leaves its destination to attach to it again, with a replay: deliveries go on meanwhile. */
    void leaveDestination() {
        attachment.detach();
    }

    private synchronized boolean holdBack(Message message) {
        if (heldBack == null) {
            return false;
        }
        heldBack.add(message);
        return true;
    }

    /** Holds live messages back until {@link #release}: the subscription's earlier ones are still to come. */
    void holdBack() {
        heldBack = new ArrayList<>();
    }

    /**
     * Lets the messages held back go, after {@code earlier} (what another node kept of the
     * subscription, possibly {@code null}), but for those both hold: a message published while
     * both nodes listened reached both. Under the lock, so that a live message published meanwhile
     * goes after them. The outbox schedules a drain on the session's own thread, never inline,
     * so nothing runs under the lock but these appends.
     */
    synchronized void release(List<Message> earlier) {
        Set<String> seen = new HashSet<>();
        if (earlier != null) {
            for (Message message : earlier) {
                seen.add(message.id());
                offer(message);
            }
        }
        for (Message message : heldBack) {
            if (!seen.contains(message.id())) {
                offer(message);
            }
        }
        heldBack = null;
    }

    @Override
    public int prefetch() {
        return prefetch;
    }

    @Override
    public void enqueue(QueuedMessage message) {
        inbox.offer(message);
        outbox.list(this);
    }

    @Override
    public void wake() {
        outbox.wake();
    }

    void attached(Attachment attachment) {
        this.attachment = attachment;
    }

    /** The queue this subscription consumes, or {@code null} for a topic subscription. */
    Queue queue() {
        return attachment == null ? null : attachment.queue();
    }

    /** Completes once what attaching created is stored; see {@link Attachment#stored()}. */
    CompletableFuture<Void> stored() {
        return attachment.stored();
    }

    /**
     * Stops taking queue entries while the session is detached, and returns those handed to it
     * and not written yet, oldest first, for the queue to have back; what it delivered stays its
     * own. A topic subscription goes on listening, within the session's away bound.
     */
    List<QueuedMessage> stopConsuming() {
        if (queue() == null) {
            return List.of();
        }
        attachment.detach();
        return takeUnwritten();
    }

    /** The subscription came back with its resumed session, on a connection of {@code version}. */
    void resumed(StompVersion version) {
        resumed = true;
        reclaimed = false;
        subscriptionLine = FrameEncoder.encodeHeaderLine("subscription", id, version, true);
    }

    boolean isResumed() {
        return resumed;
    }

    /** Whether it came back with its resumed session and its client has not subscribed to it again since. */
    boolean awaitsItsClient() {
        return resumed && !reclaimed;
    }

    /** Stops deliveries: nothing more reaches the inbox. Idempotent. */
    void detach() {
        active = false;
        if (attachment != null) {
            attachment.detach();
        }
    }

    boolean isActive() {
        return active;
    }

    byte[] subscriptionLine() {
        return subscriptionLine;
    }

    void addPending(PendingDelivery delivery, boolean indexByMessageId) {
        pending.put(delivery.ackId(), delivery);
        counted(delivery, 1);
        if (indexByMessageId) {
            pendingByMessageId.put(delivery.message().id(), delivery);
        }
    }

    PendingDelivery pendingByMessageId(String messageId) {
        return pendingByMessageId.get(messageId);
    }

    /**
     * What one ACK or NACK of {@code delivery} settles, oldest first, without settling it: with
     * {@link AckMode#CLIENT}, it and every earlier delivery; otherwise it alone.
     */
    List<PendingDelivery> covered(PendingDelivery delivery) {
        if (ackMode != AckMode.CLIENT) {
            return List.of(delivery);
        }
        List<PendingDelivery> covered = new ArrayList<>();
        for (PendingDelivery next : pending.values()) {
            covered.add(next);
            if (next == delivery) {
                break;
            }
        }
        return covered;
    }

    /** Removes and returns what one ACK or NACK of {@code delivery} settles; see {@link #covered}. */
    List<PendingDelivery> settle(PendingDelivery delivery) {
        List<PendingDelivery> settled = covered(delivery);
        for (PendingDelivery each : settled) {
            pending.remove(each.ackId());
            pendingByMessageId.remove(each.message().id());
            counted(each, -1);
        }
        return settled;
    }

    private void counted(PendingDelivery delivery, int sign) {
        pendingBytes += sign * (long) delivery.message().sizeEstimate();
        if (delivery.queued() == null) {
            pendingTopicMessages += sign;
        }
    }

    /**
     * Whether this subscription may not be written another topic message until the client
     * settles some: a client-ack subscription holds at most its prefetch of topic messages
     * awaiting ACK. Queue subscriptions are never held here; their queue keeps their window.
     */
    boolean isAckWindowFull() {
        return ackMode != AckMode.AUTO && pendingTopicMessages >= prefetch;
    }

    /** Whether the outbox set the subscription aside with a full ack window; see {@link Outbox#resume}. */
    boolean isParked() {
        return parked;
    }

    void setParked(boolean parked) {
        this.parked = parked;
    }

    /** Removes and returns every delivery awaiting ACK, oldest first. */
    List<PendingDelivery> drainPending() {
        List<PendingDelivery> all = new ArrayList<>(pending.values());
        pending.clear();
        pendingByMessageId.clear();
        pendingBytes = 0;
        pendingTopicMessages = 0;
        return all;
    }

    /**
     * Removes and returns the queue entries waiting in the inbox, oldest first, and drops waiting
     * topic messages. Runs on the session's thread, once the subscription is detached so that
     * nothing new arrives.
     */
    List<QueuedMessage> takeUnwritten() {
        List<QueuedMessage> unwritten = new ArrayList<>();
        Delivery item;
        while ((item = inbox.poll()) != null) {
            if (item instanceof QueuedMessage queued) {
                unwritten.add(queued);
            } else {
                backlog.decrementAndGet();
            }
        }
        return unwritten;
    }

    /**
     * The {@link Message#sizeEstimate()} of the topic messages waiting in the inbox, summed when an
     * administrator asks rather than kept on every delivery. Publishers may add meanwhile, so it
     * is a moment's figure.
     */
    long backlogBytes() {
        long bytes = 0;
        for (Delivery item : inbox) {
            if (item instanceof Message message) {
                bytes += message.sizeEstimate();
            }
        }
        return bytes;
    }

    /** The topic messages awaiting ACK, oldest first, left where they are. */
    List<Message> pendingTopicMessages() {
        List<Message> messages = new ArrayList<>();
        for (PendingDelivery delivery : pending.values()) {
            if (delivery.queued() == null) {
                messages.add(delivery.message());
            }
        }
        return messages;
    }

    /** Takes the topic messages waiting in the inbox, oldest first; queue entries stay. */
    List<Message> takeTopicMessages() {
        List<Message> messages = new ArrayList<>();
        inbox.removeIf(item -> item instanceof Message message && messages.add(message));
        backlog.addAndGet(-messages.size());
        return messages;
    }

    int pendingCount() {
        return pending.size();
    }

    /** The size estimate of the deliveries awaiting ACK. */
    long pendingBytes() {
        return pendingBytes;
    }
}
