package io.stompede.admin;

import java.net.SocketAddress;
import java.util.List;

/**
 * One open session as an administrator sees it, read on the session's own thread: who it is, and
 * what it holds of the broker's memory. Byte figures are the broker's own estimates of the heap
 * what is held costs (as {@code Message.sizeEstimate} counts it), not exact sizes. Immutable.
 *
 * @param id                 the session id sent in CONNECTED
 * @param transport          {@code tcp}, {@code websocket}, {@code in-memory} and the like
 * @param remoteAddress      the client's address, or {@code null} when the transport has none
 * @param principal          who the client authenticated as, or {@code null} before CONNECT succeeded
 * @param version            the negotiated STOMP version ({@code 1.2} and so on), or {@code null} before CONNECT
 * @param subscriptions      the session's subscriptions
 * @param pendingAcks        deliveries written to the client that await its ACK or NACK
 * @param pendingAckBytes    the size of the messages of those deliveries
 * @param transactionBytes   the size of the frames its open transactions hold until COMMIT
 * @param backlogMessages    topic messages waiting in its outbox to be written to it
 * @param backlogBytes       the size of those messages
 */
public record SessionSummary(String id, String transport, SocketAddress remoteAddress, String principal,
                             String version, List<SubscriptionSummary> subscriptions, int pendingAcks,
                             long pendingAckBytes, long transactionBytes, int backlogMessages, long backlogBytes) {
    public SessionSummary {
        subscriptions = List.copyOf(subscriptions);
    }

    /**
     * Everything the session holds, in bytes: deliveries awaiting ACK, open transactions and the
     * topic backlog. A message held on behalf of several sessions counts in each.
     */
    public long heldBytes() {
        return pendingAckBytes + transactionBytes + backlogBytes;
    }

    /**
     * One subscription of a session.
     *
     * @param id          the client's subscription id
     * @param destination the destination or pattern subscribed to
     * @param ackMode     {@code auto}, {@code client} or {@code client-individual}
     * @param pendingAcks deliveries on it that await an ACK or NACK
     */
    public record SubscriptionSummary(String id, String destination, String ackMode, int pendingAcks) {
    }
}
