package io.stompede.test;

import io.stompede.inmemory.VirtualClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link VirtualClock} read as a {@link Clock}, so that an in-memory broker's recording times
 * frames in the virtual time that its heart-beat and timeout timers run on. Thread-safe, as the
 * virtual clock is.
 */
final class VirtualTime extends Clock {
    private final VirtualClock clock;

    VirtualTime(VirtualClock clock) {
        this.clock = clock;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("virtual time has no zone but UTC");
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
