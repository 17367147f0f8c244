/**
 * What an embedding application plugs into the broker: handlers of application destinations
 * ({@link io.stompede.application.ApplicationHandler}, with the
 * {@link io.stompede.application.ApplicationContext} they publish through), interceptors of inbound
 * frames, and the view of a session ({@link io.stompede.application.SessionInfo}) both are given.
 *
 * <p>Threading: handlers and interceptors are called on the sending session's thread, so they must
 * be thread-safe and quick; the values passed to them are immutable or read-only.
 */
package io.stompede.application;
