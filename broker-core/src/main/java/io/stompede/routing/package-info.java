/**
 * Routing: topics (publish-subscribe fan-out, retained history, durable subscriptions) and queues
 * (one consumer per message, prefetch, redelivery, dead letters, paging past the memory cap),
 * chosen by destination name.
 *
 * <p>Threading: thread-safe unless a class says otherwise. A topic publish takes no lock; each
 * queue orders its changes under a lock of its own, and hands messages to consumers without
 * calling them under it.
 */
package io.stompede.routing;
