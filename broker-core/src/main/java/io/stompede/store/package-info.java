/**
 * The message store SPI and its implementations: where persistent messages wait until they are
 * settled. Implementations are thread-safe.
 */
package io.stompede.store;
