package io.stompede.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a server's open connections, in all and per remote address, and refuses one past either
 * bound: a single machine cannot take every file descriptor, nor every client together the heap.
 * Only addresses with open connections are in the table, so it is bounded by the total.
 * The address is the client's: behind a trusted proxy, the one its PROXY or HTTP header names.
 *
 * <p>Thread-safe: the accepting threads and the I/O threads that close connections share it.
 */
final class ConnectionLimits {
    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<Object, Integer> perAddress = new ConcurrentHashMap<>();

    ConnectionLimits(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a new connection from {@code remote}; false, counting nothing, when it is one too many. */
    boolean tryAcquire(SocketAddress remote) {
        if (!tryAcquireTotal()) {
            return false;
        }
        if (!tryAcquireAddress(remote)) {
            releaseTotal();
            return false;
        }
        return true;
    }

    /** Forgets a connection that {@link #tryAcquire} counted, once it has closed. */
    void release(SocketAddress remote) {
        releaseTotal();
        releaseAddress(remote);
    }

    /**
     * Counts a new connection in the total only; false, counting nothing, past the total. For a
     * connection from a trusted proxy, whose client's address is known only once its PROXY header
     * or HTTP request has arrived: {@link #tryAcquireAddress} follows then.
     */
    boolean tryAcquireTotal() {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Forgets a connection that {@link #tryAcquireTotal} counted. */
    void releaseTotal() {
        total.decrementAndGet();
    }

    /** Counts a connection against {@code remote}'s bound only; false, counting nothing, past it. */
    boolean tryAcquireAddress(SocketAddress remote) {
        boolean[] admitted = {false};
        perAddress.compute(key(remote), (address, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerAddress) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    /** Forgets a connection that {@link #tryAcquireAddress} counted. */
    void releaseAddress(SocketAddress remote) {
        perAddress.computeIfPresent(key(remote), (address, count) -> count <= 1 ? null : count - 1);
    }

    private static Object key(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            InetAddress host = inet.getAddress();
            return host != null ? host : inet.getHostString();
        }
        return String.valueOf(remote);
    }
}
