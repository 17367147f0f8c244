/**
 * Sessions: the per-connection STOMP state machine (handshake, heart-beats, subscriptions, acks,
 * transactions, receipts, errors) and {@link io.stompede.session.Connection}, the one interface a
 * transport implements. A session is confined to its connection's thread; what reaches it from
 * other threads goes through its outbox.
 */
package io.stompede.session;
