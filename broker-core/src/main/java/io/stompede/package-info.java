/**
 * The embedding API: {@link io.stompede.Broker} and its builder, in-process publish and
 * subscribe, application destinations and interceptors. Thread-safe.
 */
package io.stompede;
