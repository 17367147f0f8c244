package io.stompede.cluster;

import io.stompede.message.Message;

/**
 * The seam through which several brokers act as one: the router hands the bus every topic message
 * published on this node, the bus carries it to the other nodes and hands their publications back.
 * The bus also hears which topic patterns this node has subscribers for, so that it can subscribe
 * to those alone and rooms that live on other nodes cost this one nothing.
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

    /** Where the bus hands what other nodes published. Thread-safe. */
    interface Inbound {
        /**
         * Delivers another node's topic message to this node's matching subscribers, as a publish
         * on this node would, but without handing it back to the bus.
         */
        void deliver(Message message);
    }
}
