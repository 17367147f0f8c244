/**
 * The broker's validated, immutable configuration: protocol and abuse limits
 * ({@link io.stompede.config.BrokerConfig}) and what is stored, retained and held in memory
 * ({@link io.stompede.config.DurabilityConfig}). Both are built by {@link io.stompede.BrokerBuilder}.
 *
 * <p>Threading: immutable and thread-safe.
 */
package io.stompede.config;
