package io.stompede.observer;

import io.stompede.application.SessionInfo;
import io.stompede.transport.ConnectionInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several observers heard as one, in the order added. An observer that throws is logged and the
 * others still hear the event: a broken metrics plug-in must not break a delivery. Observers may
 * be added and removed while the broker runs (an admin endpoint attached to a running broker):
 * the list is copied on change, so an event costs one volatile read and no lock.
 *
 * <p>Thread-safe; {@link #add} and {@link #remove} may race with events, which then reach the
 * list as it was or as it is.
 */
public final class Observers implements BrokerObserver {
    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    private volatile BrokerObserver[] observers;

    /** {@code first}, then {@code others} in order. */
    public Observers(BrokerObserver first, List<BrokerObserver> others) {
        List<BrokerObserver> all = new ArrayList<>(others.size() + 1);
        all.add(first);
        all.addAll(others);
        this.observers = all.toArray(new BrokerObserver[0]);
    }

    /** Adds {@code observer} last; it hears the events that happen from now on. */
    public synchronized void add(BrokerObserver observer) {
        BrokerObserver[] now = observers;
        BrokerObserver[] more = Arrays.copyOf(now, now.length + 1);
        more[now.length] = Objects.requireNonNull(observer);
        observers = more;
    }

    /** Removes {@code observer}; returns {@code false} when it was not there. */
    public synchronized boolean remove(BrokerObserver observer) {
        List<BrokerObserver> now = new ArrayList<>(List.of(observers));
        boolean removed = now.remove(observer);
        observers = now.toArray(new BrokerObserver[0]);
        return removed;
    }

    private interface Event {
        void tell(BrokerObserver observer);
    }

    private void each(Event event) {
        for (BrokerObserver observer : observers) {
            try {
                event.tell(observer);
            } catch (RuntimeException e) {
                failed(observer, e);
            }
        }
    }

    private static void failed(BrokerObserver observer, RuntimeException e) {
        LOG.warn("Observer {} failed; the others still hear the event", observer, e);
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

    // Once per message: a loop of its own, so that no lambda is made per call.
    @Override
    public void messageReceived(String destination, int bodyBytes) {
        for (BrokerObserver observer : observers) {
            try {
                observer.messageReceived(destination, bodyBytes);
            } catch (RuntimeException e) {
                failed(observer, e);
            }
        }
    }

    @Override
    public void messageDelivered(String destination, int bodyBytes) {
        for (BrokerObserver observer : observers) {
            try {
                observer.messageDelivered(destination, bodyBytes);
            } catch (RuntimeException e) {
                failed(observer, e);
            }
        }
    }

    @Override
    public void acknowledgementsPending(int delta) {
        for (BrokerObserver observer : observers) {
            try {
                observer.acknowledgementsPending(delta);
            } catch (RuntimeException e) {
                failed(observer, e);
            }
        }
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
