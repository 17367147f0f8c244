package io.stompede.examples.chat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many sign-ups one address may try in a window: {@code perWindow} in any {@code window}
 * (a sliding one). An IPv6 address counts by its /64, which one machine usually has whole. At
 * most {@value #MAX_ADDRESSES} addresses are remembered; when that many tried within the
 * window, a new address is refused too, so that the memory stays bounded.
 *
 * <p>Thread-safe.
 */
final class SignUpLimit {
    static final int MAX_ADDRESSES = 10_000;

    private final int perWindow;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, ArrayDeque<Long>> tries = new HashMap<>();

    /**
     * @param nanoTime a monotonic clock, {@code System::nanoTime} but in tests
     */
    SignUpLimit(int perWindow, Duration window, LongSupplier nanoTime) {
        if (perWindow < 1) {
            throw new IllegalArgumentException("perWindow must be at least 1, was " + perWindow);
        }
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Counts a try of {@code address}, if allowed.
     *
     * @return 0 when it may try now, else how many whole seconds (at least 1) until it may
     */
    synchronized long tryAcquire(InetAddress address) {
        long now = nanoTime.getAsLong();
        InetAddress key = keyOf(address);
        ArrayDeque<Long> times = tries.get(key);
        if (times == null) {
            if (tries.size() >= MAX_ADDRESSES) {
                forgetOld(now);
                if (tries.size() >= MAX_ADDRESSES) {
                    return secondsUntil(windowNanos);
                }
            }
            times = new ArrayDeque<>();
            tries.put(key, times);
        }
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.pollFirst();
        }
        if (times.size() >= perWindow) {
            return secondsUntil(times.peekFirst() + windowNanos - now);
        }
        times.addLast(now);
        return 0;
    }

    private void forgetOld(long now) {
        for (Iterator<ArrayDeque<Long>> all = tries.values().iterator(); all.hasNext(); ) {
            Long last = all.next().peekLast();
            if (last == null || now - last >= windowNanos) {
                all.remove();
            }
        }
    }

    private static long secondsUntil(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private static InetAddress keyOf(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] prefix = address.getAddress();
        for (int i = 8; i < prefix.length; i++) {
            prefix[i] = 0;
        }
        try {
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an IPv6 address of 16 bytes was refused", e);
        }
    }
}
