/**
 * The transport SPI: {@link io.stompede.transport.Connection}, the one interface a transport
 * implements (write, flush, close, read or pause, timers on its thread), and
 * {@link io.stompede.transport.ConnectionInfo}, what it knows of the peer. Nothing here names a
 * transport type, so the same core runs over Netty or an in-memory connection.
 *
 * <p>Threading: a connection has one thread of execution at a time; see {@code Connection} for
 * which calls must come from it.
 */
package io.stompede.transport;
