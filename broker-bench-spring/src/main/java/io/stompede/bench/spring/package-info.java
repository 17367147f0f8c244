/**
 * The Spring Boot application {@code bench/spring.sh} measures: one WebSocket STOMP endpoint and a
 * room broadcast through a {@code @MessageMapping} controller, in front of Spring's simple broker,
 * the Stompede starter or the broker relay to RabbitMQ.
 *
 * <p>Threading: Spring's; the controller is stateless.
 */
package io.stompede.bench.spring;
