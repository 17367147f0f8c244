/**
 * The chat as a Spring Boot application, written as one is for Spring's simple broker:
 * {@code @EnableWebSocketMessageBroker}, {@code enableSimpleBroker("/subscribe", "/queue")}, a
 * {@code @MessageMapping} controller and {@code SimpMessagingTemplate}. The Stompede starter on the
 * class path puts Stompede where the simple broker was, which gives the rooms history, a data
 * directory and, with {@code stompede.cluster.redis}, several instances as one chat. It serves the
 * plain chat's page ({@code io.stompede.examples.chat}) and speaks its wire format; the room rules
 * and the JSON checks are that chat's own classes.
 *
 * <p>The sign-in interceptor runs on the thread that decoded the frame, the controller on the
 * inbound channel's pool, the access rules on the broker session's; none of these classes keeps
 * state of its own but the room list, which is {@code Rooms}'.
 */
package io.stompede.examples.springchat;
