package io.stompede.session;

import io.stompede.cluster.ClusterBus;
import io.stompede.cluster.SessionRecord;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * What became of a CONNECT's {@code x-resume-token}: the state handed over by the session it names,
 * or why it was refused, for the CONNECTED headers {@code x-resumed}, {@code x-resume-refused} and
 * {@code x-resume-missed}.
 *
 * @param handOver    the state of the resumed session, or {@code null} when not resumed here
 * @param remote      another node's session, claimed through the cluster, or {@code null}
 * @param handedOver  what that node handed over of it, or {@code null} (not asked yet, or lost)
 * @param holderAsked whether that node was asked for it, or none could be
 * @param refused     {@code unknown}, {@code expired} or {@code principal}; {@code null} when
 *                    resumed or when no token was given
 */
record Resume(HandOver handOver, SessionRecord.Claimed remote, SessionRecord.HandedOver handedOver,
              boolean holderAsked, String refused) {
    /** The CONNECT carried no token. */
    static final Resume NONE = new Resume(null, null, null, false, null);

    static Resume refused(String reason) {
        return new Resume(null, null, null, false, reason);
    }

    static Resume of(HandOver handOver) {
        return new Resume(handOver, null, null, false, null);
    }

    /** A session another node of the cluster held, claimed through the cluster. */
    static Resume of(SessionRecord.Claimed remote) {
        return new Resume(null, remote, null, remote.holder() == null, null);
    }

    /** Whether a live node holds the claimed session and is still to be asked for what it kept. */
    boolean awaitsHandOver() {
        return remote != null && !holderAsked;
    }

    /**
     * The holder's answer: what it handed over ({@code null}: lost with it), or a failure; a
     * refusal means it no longer holds the session, which then resumes nothing.
     */
    Resume answered(SessionRecord.HandedOver answer, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause instanceof ClusterBus.SessionRefusedException refusal) {
            return refused(refusal.reason());
        }
        return new Resume(null, remote, answer, true, null);
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
     * @param notices  the ids of its subscriptions to its notices ({@code /stompede/session})
     */
    record HandOver(DeliveryState state, String clientId, long missed, List<String> notices) {
    }
}
