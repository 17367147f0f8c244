package io.stompede.session;

import io.stompede.cluster.SessionRecord;

/**
 * What became of a CONNECT's {@code x-resume-token}: the state handed over by the session it names,
 * or why it was refused, for the CONNECTED headers {@code x-resumed}, {@code x-resume-refused} and
 * {@code x-resume-missed}.
 *
 * @param handOver the state of the resumed session, or {@code null} when not resumed here
 * @param remote   what another node's session left, or {@code null}
 * @param refused  {@code unknown}, {@code expired} or {@code principal}; {@code null} when resumed
 *                 or when no token was given
 */
record Resume(HandOver handOver, SessionRecord.Claimed remote, String refused) {
    /** The CONNECT carried no token. */
    static final Resume NONE = new Resume(null, null, null);

    static Resume refused(String reason) {
        return new Resume(null, null, reason);
    }

    static Resume of(HandOver handOver) {
        return new Resume(handOver, null, null);
    }

    /** A session another node of the cluster held, claimed through the cluster. */
    static Resume of(SessionRecord.Claimed remote) {
        return new Resume(null, remote, null);
    }

    boolean asked() {
        return refused != null || resumed();
    }

    boolean resumed() {
        return handOver != null || remote != null;
    }

    /**
     * A detached (or taken over) session's state as its thread let go of it.
     *
     * @param state    its subscriptions, what awaits ACK, and the outbox they write to
     * @param clientId the ActiveMQ {@code client-id} of its CONNECT, which names durable subscriptions
     * @param missed   topic messages that did not fit its away bound
     */
    record HandOver(DeliveryState state, String clientId, long missed) {
    }
}
