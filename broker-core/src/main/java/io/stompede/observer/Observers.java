package io.stompede.observer;

import io.stompede.application.SessionInfo;
import io.stompede.transport.ConnectionInfo;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several observers heard as one, in the order given. An observer that throws is logged and the
 * others still hear the event: a broken metrics plug-in must not break a delivery. Thread-safe.
 */
public final class Observers implements BrokerObserver {
    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    private final BrokerObserver[] observers;

    private Observers(List<BrokerObserver> observers) {
        this.observers = observers.toArray(new BrokerObserver[0]);
    }

    /** {@code first} alone when there are no others, so that the usual case costs one call. */
    public static BrokerObserver of(BrokerObserver first, List<BrokerObserver> others) {
        if (others.isEmpty()) {
            return first;
        }
        List<BrokerObserver> all = new ArrayList<>(others.size() + 1);
        all.add(first);
        all.addAll(others);
        return new Observers(all);
    }

    private interface Event {
        void tell(BrokerObserver observer);
    }

    private void each(Event event) {
        for (BrokerObserver observer : observers) {
            try {
                event.tell(observer);
            } catch (RuntimeException e) {
                LOG.warn("Observer {} failed; the others still hear the event", observer, e);
            }
        }
    }

    @Override
    public void connectionOpened(ConnectionInfo connection) {
        each(o -> o.connectionOpened(connection));
    }

    @Override
    public void connectionClosed(ConnectionInfo connection) {
        each(o -> o.connectionClosed(connection));
    }

    @Override
    public void sessionConnected(SessionInfo session) {
        each(o -> o.sessionConnected(session));
    }

    @Override
    public void sessionClosed(SessionInfo session) {
        each(o -> o.sessionClosed(session));
    }

    @Override
    public void subscribed(SessionInfo session, String destination) {
        each(o -> o.subscribed(session, destination));
    }

    @Override
    public void unsubscribed(SessionInfo session, String destination) {
        each(o -> o.unsubscribed(session, destination));
    }

    @Override
    public void messageReceived(String destination, int bodyBytes) {
        each(o -> o.messageReceived(destination, bodyBytes));
    }

    @Override
    public void messageDelivered(String destination, int bodyBytes) {
        each(o -> o.messageDelivered(destination, bodyBytes));
    }

    @Override
    public void acknowledgementsPending(int delta) {
        each(o -> o.acknowledgementsPending(delta));
    }

    @Override
    public void errorSent(SessionInfo session, String message) {
        each(o -> o.errorSent(session, message));
    }

    @Override
    public void messageDeadLettered(String queue, String reason) {
        each(o -> o.messageDeadLettered(queue, reason));
    }

    @Override
    public void slowConsumerDropped(String destination) {
        each(o -> o.slowConsumerDropped(destination));
    }

    @Override
    public void slowConsumerDisconnected(SessionInfo session) {
        each(o -> o.slowConsumerDisconnected(session));
    }

    @Override
    public void producerPaused(SessionInfo session) {
        each(o -> o.producerPaused(session));
    }

    @Override
    public void producerResumed(SessionInfo session) {
        each(o -> o.producerResumed(session));
    }
}
