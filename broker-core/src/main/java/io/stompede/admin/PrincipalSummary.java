package io.stompede.admin;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What one principal holds of the broker, summed over its open sessions, with the queues and
 * durable subscriptions it created that still exist: who holds what, for an administrator
 * looking for the client that takes more than its share. Clients that gave no login are one
 * principal each per address ({@code anonymous@ADDRESS}), as the creation limits count them.
 * Immutable.
 *
 * @param name                 the principal's name, or {@code anonymous@ADDRESS}
 * @param sessions             its open sessions
 * @param pendingAckBytes      the size of the messages its sessions were sent and have not acknowledged
 * @param transactionBytes     the size of the frames its sessions' open transactions hold
 * @param backlogBytes         the size of the topic messages waiting in its sessions' outboxes
 * @param queuesCreated        queues it created that still exist
 * @param durableSubscriptions durable subscriptions it created that still exist
 */
public record PrincipalSummary(String name, int sessions, long pendingAckBytes, long transactionBytes,
                               long backlogBytes, int queuesCreated, int durableSubscriptions) {
    /** Everything its sessions hold, in bytes; see {@link SessionSummary#heldBytes()}. */
    public long heldBytes() {
        return pendingAckBytes + transactionBytes + backlogBytes;
    }

    /**
     * The name a principal is summed and counted under: its own, or for the anonymous principal
     * {@code principal@ADDRESS}, the client's address (host only) when the transport has one.
     */
    public static String nameOf(String principal, boolean anonymous, SocketAddress address) {
        if (!anonymous || address == null) {
            return principal;
        }
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return principal + "@" + inet.getAddress().getHostAddress();
        }
        return principal + "@" + address;
    }
}
