package io.stompede.test;

import java.time.Duration;

/**
 * Entry point of the kit's assertions: {@code assertThat(recordedSession)}, beside AssertJ's own.
 */
public final class StompAssertions {
    private StompAssertions() {
    }

    /** Assertions on what one client did, checked against the record as it is now. */
    public static SessionAssert assertThat(RecordedSession session) {
        return new SessionAssert(session, session.recording(), Duration.ZERO);
    }
}
