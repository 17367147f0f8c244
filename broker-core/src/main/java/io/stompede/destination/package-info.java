/**
 * Destination names and patterns: {@link io.stompede.destination.DestinationPattern} (wildcards
 * {@code *}, {@code **} and {@code #}, segments split on {@code /} or {@code .}) and the
 * {@link io.stompede.destination.SubscriptionRegistry} that matches a destination to its
 * subscribers.
 *
 * <p>Threading: patterns are immutable; the registry is thread-safe, and a lookup reads an
 * immutable snapshot without taking a lock.
 */
package io.stompede.destination;
