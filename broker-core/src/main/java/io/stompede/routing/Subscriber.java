package io.stompede.routing;

/**
 * Anything that receives the messages of one destination or pattern: a client's SUBSCRIBE or an
 * in-process listener. It takes topic messages as a {@link TopicSubscriber} and queue entries as
 * a {@link QueueConsumer}; which of the two it gets is the router's choice, made in
 * {@link Router#attach}, the one path by which every subscriber joins a destination.
 */
public interface Subscriber extends TopicSubscriber, QueueConsumer {
}
