/**
 * Drives a real broker with no sockets: {@link io.stompede.inmemory.InMemoryConnection} is a
 * client whose frames go straight into a session, with timers on a
 * {@link io.stompede.inmemory.VirtualClock}. For tests of the broker and of applications that
 * embed it. Thread-safe.
 */
package io.stompede.inmemory;
