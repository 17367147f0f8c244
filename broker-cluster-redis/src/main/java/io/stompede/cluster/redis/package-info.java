/**
 * A {@link io.stompede.cluster.ClusterBus} through Redis: several brokers, each a node, acting as
 * one for topics and queues. Each node publishes every topic message once to a Redis channel named
 * after its destination, and subscribes only to the channels (exact topics) and channel patterns
 * (wildcard subscriptions) its own subscribers need. Each shared queue is a Redis stream read
 * through one consumer group by every node ({@code SharedQueues}). Nodes announce themselves with
 * a heartbeat, so that each knows which others are alive and claims what dead ones held.
 *
 * <p>Threading: every call into the bus returns at once; Redis commands are asynchronous on
 * Lettuce's event loops, bounded while Redis is unreachable, and never block a broker's thread.
 */
package io.stompede.cluster.redis;
