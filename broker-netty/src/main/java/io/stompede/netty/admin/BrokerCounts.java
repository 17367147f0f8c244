package io.stompede.netty.admin;

import io.stompede.application.SessionInfo;
import io.stompede.config.BrokerConfig;
import io.stompede.observer.BrokerObserver;
import io.stompede.transport.ConnectionInfo;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The admin endpoint's observer of a running broker: messages and bytes in and out per class of
 * destination, ERRORs by their {@code message}, dead letters by reason, slow consumers and held
 * producers, and messages in and out of each topic the {@link Sampler} tracks, for its rates. The
 * figures the broker keeps itself ({@code Broker.stats()}) are not counted again.
 *
 * <p>Thread-safe. Called on event loops once per message: it only reads maps and adds to
 * {@link LongAdder}s, never allocates on the message path and never blocks.
 */
final class BrokerCounts implements BrokerObserver {
    /** Distinct ERROR messages, and dead-letter reasons, that get a label of their own. */
    static final int MAX_REASONS = 20;

    /** How the broker routes a destination: a class of destinations, as the metrics label them. */
    enum DestinationClass {
        QUEUE("queue"), TOPIC("topic");

        final String label;

        DestinationClass(String label) {
            this.label = label;
        }
    }

    /** A topic's messages in and out. */
    static final class TopicCount {
        final LongAdder in = new LongAdder();
        final LongAdder out = new LongAdder();
    }

    private final BrokerConfig config;
    private final LongAdder[] messagesIn = adders();
    private final LongAdder[] messagesOut = adders();
    private final LongAdder[] bytesIn = adders();
    private final LongAdder[] bytesOut = adders();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder sessionsConnected = new LongAdder();
    private final LongAdder slowConsumerDisconnects = new LongAdder();
    private final LongAdder producerPauses = new LongAdder();
    private final BoundedLabels errors = new BoundedLabels(MAX_REASONS);
    private final BoundedLabels deadLetters = new BoundedLabels(MAX_REASONS);
    // Only topics the sampler asked for: the message path never adds an entry.
    private final ConcurrentHashMap<String, TopicCount> topics = new ConcurrentHashMap<>();

    /** Classifies destinations with {@code config}'s prefixes and default, as the broker routes them. */
    BrokerCounts(BrokerConfig config) {
        this.config = config;
    }

    private static LongAdder[] adders() {
        LongAdder[] adders = new LongAdder[DestinationClass.values().length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    private int classOf(String destination) {
        return (config.typeOf(destination) == BrokerConfig.DestinationType.POINT_TO_POINT
                ? DestinationClass.QUEUE : DestinationClass.TOPIC).ordinal();
    }

    @Override
    public void messageReceived(String destination, int bodyBytes) {
        int kind = classOf(destination);
        messagesIn[kind].increment();
        bytesIn[kind].add(bodyBytes);
        if (kind == DestinationClass.TOPIC.ordinal()) {
            TopicCount topic = topics.get(destination);
            if (topic != null) {
                topic.in.increment();
            }
        }
    }

    @Override
    public void messageDelivered(String destination, int bodyBytes) {
        int kind = classOf(destination);
        messagesOut[kind].increment();
        bytesOut[kind].add(bodyBytes);
        if (kind == DestinationClass.TOPIC.ordinal()) {
            TopicCount topic = topics.get(destination);
            if (topic != null) {
                topic.out.increment();
            }
        }
    }

    @Override
    public void connectionOpened(ConnectionInfo connection) {
        connectionsOpened.increment();
    }

    @Override
    public void sessionConnected(SessionInfo session) {
        sessionsConnected.increment();
    }

    @Override
    public void errorSent(SessionInfo session, String message) {
        errors.increment(message);
    }

    @Override
    public void messageDeadLettered(String queue, String reason) {
        deadLetters.increment(reason);
    }

    @Override
    public void slowConsumerDisconnected(SessionInfo session) {
        slowConsumerDisconnects.increment();
    }

    @Override
    public void producerPaused(SessionInfo session) {
        producerPauses.increment();
    }

    long messagesIn(DestinationClass kind) {
        return messagesIn[kind.ordinal()].sum();
    }

    long messagesOut(DestinationClass kind) {
        return messagesOut[kind.ordinal()].sum();
    }

    long bytesIn(DestinationClass kind) {
        return bytesIn[kind.ordinal()].sum();
    }

    long bytesOut(DestinationClass kind) {
        return bytesOut[kind.ordinal()].sum();
    }

    long connectionsOpened() {
        return connectionsOpened.sum();
    }

    long sessionsConnected() {
        return sessionsConnected.sum();
    }

    long slowConsumerDisconnects() {
        return slowConsumerDisconnects.sum();
    }

    long producerPauses() {
        return producerPauses.sum();
    }

    BoundedLabels errors() {
        return errors;
    }

    BoundedLabels deadLetters() {
        return deadLetters;
    }

    /**
     * Counts the messages of exactly these topics from now on and forgets the others: the topics
     * with subscribers, so that the map is as large as the broker's own list.
     */
    void trackTopics(Collection<String> names) {
        topics.keySet().retainAll(names);
        for (String name : names) {
            topics.computeIfAbsent(name, n -> new TopicCount());
        }
    }

    /** The count of a tracked topic, or {@code null}. */
    TopicCount topic(String name) {
        return topics.get(name);
    }
}
