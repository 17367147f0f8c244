/**
 * The test kit: {@link io.stompede.test.TestBroker}, a real broker for a JUnit 5 test of a STOMP
 * client, in memory or over TCP and WebSocket; {@link io.stompede.test.Recording}, every frame
 * each client sent and got, decoded from the wire; and {@link io.stompede.test.StompAssertions},
 * AssertJ assertions on what a client did, each with a waiting form for asynchronous clients.
 *
 * <p>Threading: the recording is written on the broker's connection threads and read on any;
 * every class here is thread-safe.
 */
package io.stompede.test;
