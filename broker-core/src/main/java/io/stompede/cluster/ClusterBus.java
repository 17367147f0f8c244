package io.stompede.cluster;

import io.stompede.message.Message;
import io.stompede.message.Position;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The seam through which several brokers act as one: the router hands the bus every topic message
 * published on this node, the bus carries it to the other nodes and hands their publications back.
 * The bus also hears which topic patterns this node has subscribers for, so that it can subscribe
 * to those alone and rooms that live on other nodes cost this one nothing.
 *
 * <p>A bus may also <em>share queues</em> ({@link #sharesQueue}): a shared queue's messages live in
 * the cluster, not on the node that received them. A SEND to it is handed to {@link #enqueue};
 * a node whose consumers have room asks for messages with {@link #fetch}, gets them through
 * {@link Inbound#queued}, each with a ticket, and settles each by its ticket:
 * {@link #acknowledge} when a consumer is done with it, {@link #giveBack} when no consumer on this
 * node can take it, so that another node's consumers get it. A message a node fetched and never
 * settled (its node died) is the bus's to hand to another node.
 *
 * <p>The default, {@link #LOCAL}, is a single node: it does nothing, and a publish through it
 * costs one call to an empty method. An implementation (a Redis bus, in a module of its own) must
 * never block the caller: every method is called on a session's or publisher's thread, often an
 * event loop, so it queues the work and returns.
 *
 * <p>Threading: every method may be called from many threads at once; implementations are
 * thread-safe.
 */
public interface ClusterBus extends AutoCloseable {
    /** A single node: nothing leaves it and nothing arrives. */
    ClusterBus LOCAL = new ClusterBus() {
        @Override
        public void start(Inbound inbound) {
        }

        @Override
        public void published(Message message) {
        }

        @Override
        public void interested(String pattern) {
        }

        @Override
        public void uninterested(String pattern) {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "ClusterBus.LOCAL";
        }
    };

    /**
     * Called once, when the broker is built and before any other method: where the other nodes'
     * publications go. Nothing may be handed to {@code inbound} before this call.
     */
    void start(Inbound inbound);

    /**
     * A topic message that a client or an in-process publisher sent to this node, after it was
     * handed to this node's own subscribers. The bus sends it to the other nodes, once whatever
     * the number of their subscribers, in the order of the calls for each destination. Messages
     * that came from {@link Inbound#deliver} are never handed back here.
     */
    void published(Message message);

    /**
     * This node has its first subscriber on {@code pattern} (a topic or a wildcard pattern, as
     * subscribed): from now on it wants the other nodes' messages that match it.
     */
    void interested(String pattern);

    /** The last subscriber on {@code pattern} left this node: it no longer wants those messages. */
    void uninterested(String pattern);

    /** Leaves the cluster: stops receiving and releases the bus's connections. Idempotent. */
    @Override
    void close();

    /**
     * Whether queue {@code queue} is shared by every node, its messages kept by the cluster;
     * {@code false} (the default) for a queue this node keeps alone. Fixed for a given name.
     */
    default boolean sharesQueue(String queue) {
        return false;
    }

    /**
     * Hands the cluster a message for a shared queue. The stage completes once the cluster holds
     * it (which is when the sender's RECEIPT may go), and fails when it cannot take it: completed
     * exceptionally at once when the bus knows that already, as when its store is unreachable.
     */
    default CompletionStage<Void> enqueue(Message message) {
        throw new UnsupportedOperationException(this + " shares no queue");
    }

    /**
     * This node's consumers of shared queue {@code queue} have room for {@code count} more
     * messages than were asked for before: the bus hands up to that many in all through
     * {@link Inbound#queued} as they come, and none past them until asked again.
     */
    default void fetch(String queue, int count) {
        throw new UnsupportedOperationException(this + " shares no queue");
    }

    /**
     * This node has no consumer of {@code queue} left: {@code count} of the messages it asked for
     * and was not handed are cancelled. A read already under way may still hand some over, which
     * the node then gives back.
     */
    default void stopFetching(String queue, int count) {
        throw new UnsupportedOperationException(this + " shares no queue");
    }

    /** A consumer on this node is done with the message of {@code ticket}: the cluster forgets it. */
    default void acknowledge(String queue, String ticket) {
        throw new UnsupportedOperationException(this + " shares no queue");
    }

    /**
     * This node cannot deliver the message of {@code ticket}, delivered {@code deliveries} times
     * so far: the cluster offers it to other nodes' consumers.
     */
    default void giveBack(String queue, String ticket, int deliveries) {
        throw new UnsupportedOperationException(this + " shares no queue");
    }

    /**
     * Whether the bus keeps the history of topics that retain it, for every node, in place of
     * this node's own; {@code false} (the default) for none.
     */
    default boolean keepsHistory() {
        return false;
    }

    /**
     * A message of a topic that retains history, of which the last {@code count} are kept: in
     * place of {@link #published}, on a bus that {@link #keepsHistory()}. The bus gives it the
     * topic's next {@link Position} (the same on every node), keeps it, and delivers it with that
     * position to the subscribers of every node, this one's included, through
     * {@link Inbound#deliver}, in the order of the positions; the broker does not deliver it
     * itself. When the bus cannot (its store unreachable), it delivers the message without a
     * position to this node's subscribers alone.
     */
    default void retain(Message message, int count) {
        throw new UnsupportedOperationException(this + " keeps no history");
    }

    /**
     * {@code topic}'s history, published on any node, positioned, oldest first: with
     * {@code since}, every retained message after its offset when the history's epoch is its
     * epoch and the offset is not past the last the history gave out, else every retained
     * message; without, the last {@code count}. Called after
     * {@link #interested} for the topic: the stage completes only once this node hears the topic's
     * new messages, so that history and live messages leave no gap between them (they may
     * overlap; the broker drops duplicates by position).
     *
     * @param since the last position a subscriber saw, or {@code null}
     */
    default CompletionStage<History> history(String topic, int count, Position since) {
        throw new UnsupportedOperationException(this + " keeps no history");
    }

    /**
     * What a bus read of a topic's history: its epoch ({@code null} when the bus holds no history
     * for the topic), the last offset it gave out in that epoch, and messages, oldest first. The
     * last offset tells a subscriber's position that the history lost (one past it) from one
     * that is up to date, when nothing after the position was read.
     *
     * @param lastOffset the last offset given out in {@code epoch}; 0 when none was
     */
    record History(String epoch, long lastOffset, List<Message> messages) {
        public History {
            messages = List.copyOf(messages);
        }
    }

    /**
     * Whether the bus keeps durable subscriptions for every node: their bindings, and their
     * backlogs as shared queues named after them ({@link #sharesQueue} answers {@code true} for
     * those), so that a subscriber that comes back on another node finds its backlog there.
     * {@code false} (the default): each node keeps its own.
     */
    default boolean sharesDurableSubscriptions() {
        return false;
    }

    /**
     * Binds durable subscription queue {@code queue} to topic pattern {@code pattern} for every
     * node; the stage completes once the cluster holds the binding, and fails if the cluster
     * knows the queue bound to another pattern.
     */
    default CompletionStage<Void> bindDurable(String queue, String pattern) {
        throw new UnsupportedOperationException(this + " shares no durable subscription");
    }

    /** The pattern that durable subscription queue {@code queue} is bound to on any node, or {@code null}. */
    default String durablePattern(String queue) {
        throw new UnsupportedOperationException(this + " shares no durable subscription");
    }

    /** Deletes durable subscription queue {@code queue} for every node: its binding and its backlog. */
    default void unbindDurable(String queue) {
        throw new UnsupportedOperationException(this + " shares no durable subscription");
    }

    /**
     * Hands a topic message to the backlog of every durable subscription of the cluster whose
     * pattern matches; called before {@link #published} for the same message. The stage completes
     * once every backlog holds it (at once when none matches), which is when its RECEIPT may go.
     */
    default CompletionStage<Void> enqueueForDurables(Message message) {
        throw new UnsupportedOperationException(this + " shares no durable subscription");
    }

    /**
     * Whether the bus keeps the records of resumable sessions for every node, so that a client may
     * resume its session on any node; {@code false} (the default): a session resumes only where it was.
     */
    default boolean sharesSessions() {
        return false;
    }

    /**
     * Keeps (or replaces) the record of a resumable session under {@code key}, the hash of its
     * resume token, for at least {@code ttlMillis}; written when the session connects, subscribes,
     * unsubscribes and detaches. Fire and forget.
     */
    default void keepSession(String key, SessionRecord record, long ttlMillis) {
    }

    /** The session of {@code key} ended for good: its record goes. */
    default void forgetSession(String key) {
    }

    /**
     * Claims the session of {@code key} for a client that authenticated as {@code principal}: the
     * stage completes with what was claimed, the record gone from the cluster, or fails with a
     * {@link SessionRefusedException} saying why ({@code unknown}, {@code expired},
     * {@code principal}; a refusal leaves the record as it was). The node that holds the session
     * still serves it: {@link #askHandOver} ends it there.
     */
    default CompletionStage<SessionRecord.Claimed> claimSession(String key, String principal) {
        return CompletableFuture.failedFuture(new SessionRefusedException("unknown"));
    }

    /**
     * Asks the node that holds a claimed session ({@link SessionRecord.Claimed#holder()}, not
     * {@code null}) to end it and hand over what it kept, once this node hears the topics of
     * {@code claimed}'s subscriptions, which the claimant subscribed to already: so every message
     * published meanwhile reaches the holder or the claimant, or both (the claimant drops the
     * copies by message id). Completes with what was handed over, or {@code null} when that node
     * lost the session (it restarted) or did not answer in time, bounded; fails with a
     * {@link SessionRefusedException} ({@code unknown}) when that node no longer holds it, resumed
     * or ended there, so that no token resumes two sessions.
     */
    default CompletionStage<SessionRecord.HandedOver> askHandOver(SessionRecord.Claimed claimed) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Where this node hears that another node claimed a session it holds, by key: it ends the
     * session here and answers with {@link #handOverSession}, or with {@link #sessionNotHeld}.
     * Called once, before {@link #start}.
     */
    default void onSessionClaimed(Consumer<String> claimed) {
    }

    /** This node's answer to a claim: the topic messages the session kept, by subscription id, and how many it missed. */
    default void handOverSession(String key, Map<String, List<Message>> kept, long missed) {
    }

    /** This node's answer to a claim of a session it no longer holds (resumed here, or ended): the claim resumes nothing. */
    default void sessionNotHeld(String key) {
    }

    /** Why a claimed session cannot be resumed: {@link #reason()} is the {@code x-resume-refused} value. */
    final class SessionRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SessionRefusedException(String reason) {
            super(reason, null, false, false);
        }

        public String reason() {
            return getMessage();
        }
    }

    /** Where the bus hands what other nodes published, and the shared queues' messages. Thread-safe. */
    interface Inbound {
        /**
         * Delivers another node's topic message to this node's matching subscribers, as a publish
         * on this node would, but without handing it back to the bus.
         */
        void deliver(Message message);

        /**
         * A message of shared queue {@code queue} for this node's consumers, one of those asked for
         * with {@link #fetch}, delivered {@code previousDeliveries} times before; the node settles it
         * by {@code ticket} with {@link #acknowledge} or {@link #giveBack}, one or the other, once.
         */
        void queued(String queue, Message message, String ticket, int previousDeliveries);
    }
}
