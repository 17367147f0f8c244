/**
 * The observer seam: {@link io.stompede.observer.BrokerObserver} hears connections, sessions,
 * subscriptions, messages, errors, dead letters and slow consumers, for metrics and admin tools;
 * {@link io.stompede.observer.BrokerCounters} is the broker's own, behind its statistics.
 *
 * <p>Threading: observers are called on the thread of the event, many at once, and are
 * thread-safe; they never block.
 */
package io.stompede.observer;
