/**
 * A STOMP load generator that works against any broker over TCP or WebSocket: a few NIO selector
 * threads ({@link io.stompede.bench.load.NioLoop}) drive many client connections, and each
 * scenario prints one {@code RESULT} line that {@code bench/compare.sh} collects.
 *
 * <p>Threading: a client connection is confined to its loop's thread; scenarios share counters
 * across loops through atomics, and a pacer thread hands fixed-rate sends to the loops.
 */
package io.stompede.bench.load;
