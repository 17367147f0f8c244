/**
 * What the broker's admin operations answer: {@link io.stompede.admin.SessionSummary} for each
 * open session and {@link io.stompede.admin.DestinationSummary} for each destination, as
 * {@code Broker.sessions()} and {@code Broker.destinations()} report them.
 *
 * <p>Threading: immutable values.
 */
package io.stompede.admin;
