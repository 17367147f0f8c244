package io.stompede.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing from one address. One failed login is forgiven as a typo; after
 * the second, the next attempt from the same address waits before it is even checked: the
 * initial delay, doubled with each further failure up to the maximum. Attempts made in parallel queue up behind one another, so opening
 * many connections does not multiply the rate; an attempt that would wait longer than the
 * maximum is refused at once, unchecked. An address is forgotten once it has failed no more for
 * {@link #FORGET_AFTER}, and the table keeps at most a fixed number of addresses (the least
 * recently failed go first), so a flood of addresses cannot exhaust memory.
 *
 * <p>Thread-safe; it locks only on logins from addresses that failed recently and on failures,
 * never on the message path.
 */
public final class LoginThrottle {
    /** A quiet quarter of an hour clears an address's record. */
    public static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    /** The default bound on the addresses remembered. */
    public static final int DEFAULT_MAX_ADDRESSES = 10_000;
    /** Never delays; for brokers whose authenticator does its own throttling. */
    public static final LoginThrottle NONE = new LoginThrottle(Duration.ZERO, Duration.ZERO, 1, System::nanoTime);

    /** What {@link #reserve} answers when the attempt should be refused without a check. */
    public static final long REFUSE = -1;

    private final long initialNanos;
    private final long maxNanos;
    private final LongSupplier nanoTime;
    private final Map<Object, Entry> entries;

    private static final class Entry {
        int failures;
        long lastFailure;
        long nextSlot;
    }

    /**
     * @param initialDelay the wait after two failures; {@link Duration#ZERO} disables throttling
     * @param maxDelay     the longest wait; an attempt that would wait longer is refused at once
     * @param maxAddresses how many addresses to remember
     */
    public LoginThrottle(Duration initialDelay, Duration maxDelay, int maxAddresses) {
        this(initialDelay, maxDelay, maxAddresses, System::nanoTime);
    }

    /**
     * The same with its own time source, in nanoseconds like {@link System#nanoTime()}: for tests
     * on a virtual clock.
     */
    public LoginThrottle(Duration initialDelay, Duration maxDelay, int maxAddresses, LongSupplier nanoTime) {
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || maxAddresses <= 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay and maxAddresses > 0");
        }
        this.initialNanos = initialDelay.toNanos();
        this.maxNanos = maxDelay.toNanos();
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /**
     * Takes the next turn of {@code address} to have a login checked: how many milliseconds to
     * wait before checking it (0: at once), or {@link #REFUSE}.
     */
    public long reserve(SocketAddress address) {
        if (initialNanos == 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        synchronized (entries) {
            Entry entry = current(key(address), now);
            if (entry == null) {
                return 0;
            }
            long start = Math.max(now, entry.nextSlot);
            long wait = start - now;
            if (wait > maxNanos) {
                return REFUSE;
            }
            entry.nextSlot = start + delay(entry.failures);
            return TimeUnit.NANOSECONDS.toMillis(wait);
        }
    }

    /** Records a failed login from {@code address}: its next attempt waits. */
    public void failed(SocketAddress address) {
        if (initialNanos == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        synchronized (entries) {
            Object key = key(address);
            Entry entry = current(key, now);
            if (entry == null) {
                entry = new Entry();
                entries.put(key, entry);
            }
            entry.failures = Math.min(entry.failures + 1, 62);
            entry.lastFailure = now;
            entry.nextSlot = Math.max(entry.nextSlot, now + delay(entry.failures));
        }
    }

    /** The addresses remembered; for tests. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Entry current(Object key, long now) {
        Entry entry = entries.get(key);
        if (entry != null && now - entry.lastFailure > FORGET_AFTER.toNanos()) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    /** One failure is a typo and costs nothing; from the second on, the wait doubles. */
    private long delay(int failures) {
        if (failures < 2) {
            return 0;
        }
        int doublings = Math.min(failures - 2, 30);
        long delay = initialNanos << doublings;
        return delay < 0 || delay > maxNanos ? maxNanos : delay;
    }

    /** The host, without the port: a new connection from the same machine is the same guesser. */
    private static Object key(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            InetAddress host = inet.getAddress();
            return host != null ? host : inet.getHostString();
        }
        return address == null ? "unknown" : address.toString();
    }
}
