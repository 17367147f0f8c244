/**
 * Sessions: the per-connection STOMP state machine (handshake, heart-beats, subscriptions, acks,
 * transactions, receipts, errors), the outbox that hands deliveries to it, and the registry of
 * open sessions. {@link io.stompede.session.Session} is what a transport talks to. A session is confined to its connection's thread; what reaches it from
 * other threads goes through its outbox.
 */
package io.stompede.session;
