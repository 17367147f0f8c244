/** Destinations and routing: the subscription registry, topics and queues. Thread-safe unless a class says otherwise. */
package io.stompede.routing;
