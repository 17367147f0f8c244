/**
 * The Spring Boot starter: Stompede in the place of Spring's simple broker, behind the
 * application's own WebSocket endpoint, controllers and templates. {@link
 * io.stompede.spring.StompedeAutoConfiguration} is the entry point and {@link
 * io.stompede.spring.StompedeProperties} the configuration; the rest is the bridge, one broker
 * session per Spring WebSocket session, in-process.
 *
 * <p>Threading: each bridged session is confined to one of the bridge's event loops; the broker
 * handler and the registries are thread-safe.
 */
package io.stompede.spring;
