/**
 * STOMP frames and their wire form: the immutable {@link io.stompede.frame.Frame} and
 * {@link io.stompede.frame.Headers} values, the incremental {@link io.stompede.frame.FrameDecoder}
 * and the {@link io.stompede.frame.FrameEncoder}, with the versions, commands and limits that
 * govern them.
 *
 * <p>Pure JDK, so that every transport (TCP, WebSocket, an in-memory test connection) feeds the
 * same decoder with plain {@link java.nio.ByteBuffer}s.
 *
 * <p>Threading: the values and the encoder are immutable or stateless and thread-safe. A
 * {@code FrameDecoder} holds the partial frame of one connection and is confined to that
 * connection's thread.
 */
package io.stompede.frame;
