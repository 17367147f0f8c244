package io.stompede.netty.admin;

import io.stompede.application.SessionInfo;
import io.stompede.config.BrokerConfig;
import io.stompede.observer.BrokerObserver;
import io.stompede.transport.ConnectionInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The admin endpoint's observer of a running broker: messages and bytes in and out per class of
 * destination, ERRORs by their {@code message} (its fixed start, see {@link #reason}), dead letters
 * by reason, slow consumers and held producers, and messages in and out of each concrete topic
 * (at most {@value #MAX_TOPICS}), from which the {@link Sampler} sums the rates of the topics and
 * patterns subscribed to. The figures the broker keeps itself ({@code Broker.stats()}) are not
 * counted again.
 *
 * <p>Thread-safe. Called on event loops once per message: it only reads maps and adds to
 * {@link LongAdder}s, never blocks, and allocates only for a topic it has not counted yet.
 */
final class BrokerCounts implements BrokerObserver {
    /** Distinct ERROR messages, and dead-letter reasons, that get a label of their own. */
    static final int MAX_REASONS = 20;
    /** Concrete topics counted at once; the messages of more go uncounted per topic until the sampler forgets some. */
    static final int MAX_TOPICS = 10_000;
    /** The longest ERROR reason kept as a label. */
    static final int MAX_REASON_LENGTH = 64;

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
    // Concrete topics as messages name them, at most MAX_TOPICS: the message path adds one the first
    // time it sees it, and the sampler forgets those no subscription matches and those gone quiet.
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
            TopicCount topic = topic(destination);
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
            TopicCount topic = topic(destination);
            if (topic != null) {
                topic.out.increment();
            }
        }
    }

    /** The count of a concrete topic, made the first time it is seen while there is room; else {@code null}. */
    private TopicCount topic(String destination) {
        TopicCount topic = topics.get(destination);
        if (topic == null && topics.size() < MAX_TOPICS) {
            // Racing first messages may pass the check together: the cap is exceeded by at most the racers.
            topic = topics.computeIfAbsent(destination, name -> new TopicCount());
        }
        return topic;
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
        errors.increment(reason(message));
    }

    /**
     * An ERROR's message as a label: the broker's errors start with a fixed phrase of lower-case
     * words ("unknown command", "invalid header escape") and some go on with what the client sent
     * ("invalid header escape \\q (STOMP 1.2)"), so it is cut at the first character that is not a
     * lower-case letter, space or hyphen, and at {@value #MAX_REASON_LENGTH} characters: a client
     * cannot use up the labels with tails of its own. The core has no stable key for its errors.
     * Empty (a message that starts otherwise, such as an application's own): {@code null},
     * counted as {@value BoundedLabels#OTHER}.
     */
    static String reason(String message) {
        if (message == null) {
            return null;
        }
        int end = 0;
        int max = Math.min(message.length(), MAX_REASON_LENGTH);
        while (end < max) {
            char c = message.charAt(end);
            if (!(c >= 'a' && c <= 'z') && c != ' ' && c != '-') {
                break;
            }
            end++;
        }
        while (end > 0 && (message.charAt(end - 1) == ' ' || message.charAt(end - 1) == '-')) {
            end--;
        }
        return end == 0 ? null : end == message.length() ? message : message.substring(0, end);
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

    /** The concrete topics counted, by name: a live view, for the sampler, which reads them once a second. */
    Map<String, TopicCount> topics() {
        return topics;
    }

    /**
     * Forgets {@code name}'s count if it is still {@code count}: a message of it a moment later
     * starts a new one (and one counted in between is lost, which a rate can bear).
     */
    void forgetTopic(String name, TopicCount count) {
        topics.remove(name, count);
    }
}
