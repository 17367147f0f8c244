package io.stompede.netty.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stompede.admin.DestinationSummary;
import io.stompede.admin.PrincipalSummary;
import io.stompede.admin.SessionSummary;
import io.stompede.cluster.redis.RedisClusterBus;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the admin API, one record each with its fields named as the status page reads
 * them, and the one mapper that writes them. Values only: the API builds them from the broker's
 * summaries. Immutable; the mapper is thread-safe.
 */
final class JsonViews {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonViews() {
    }

    static byte[] write(Object view) {
        try {
            return MAPPER.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a view that Jackson cannot write: " + view.getClass(), e);
        }
    }

    record Error(String error) {
    }

    record Status(String status) {
    }

    record Ready(String status, Map<String, String> checks) {
    }

    record Overview(String node, String version, long startedAt, long uptimeSeconds, int connections, int sessions,
                    int detachedSessions, int subscriptions, long messagesIn, long messagesOut, long messagesDropped, double inRate,
                    double outRate, long queueDepth, long queueInFlight, long awaitingAck, long deadLettered,
                    long errors, long queueMemoryBytes, long pagedOut, List<String> listeners) {
    }

    record Series(int intervalSeconds, List<Sampler.Point> points) {
    }

    record Destination(String name, DestinationSummary.Kind kind, int subscribers, int depth, int inFlight,
                       long enqueued, long settled, long bytes, double inRate, double outRate) {
        static Destination of(DestinationSummary d, Sampler.Rates rates) {
            return new Destination(d.name(), d.kind(), d.subscribers(), d.depth(), d.inFlight(), d.enqueued(),
                    d.settled(), d.bytes(), rates.inRate(), rates.outRate());
        }

        double busyness() {
            return inRate + outRate;
        }
    }

    record Destinations(List<Destination> destinations, int total) {
    }

    record Node(String id, boolean self) {
    }

    /** {@code connected} and {@code redis} only on a cluster's node. */
    record Cluster(boolean clustered, String node,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean connected, List<Node> nodes,
                   @JsonInclude(JsonInclude.Include.NON_NULL) RedisClusterBus.Stats redis) {
        static final Cluster SINGLE_NODE = new Cluster(false, null, null, List.of(), null);
    }

    record Session(String id, String transport, String remoteAddress, String principal, String version,
                   List<SessionSummary.SubscriptionSummary> subscriptions, int pendingAcks, long pendingAckBytes,
                   long transactionBytes, int backlogMessages, long backlogBytes) {
        static Session of(SessionSummary s) {
            return new Session(s.id(), s.transport(), address(s.remoteAddress()), s.principal(), s.version(),
                    s.subscriptions(), s.pendingAcks(), s.pendingAckBytes(), s.transactionBytes(),
                    s.backlogMessages(), s.backlogBytes());
        }
    }

    /** At most the {@code limit} asked for; {@code total} counts them all. */
    record Sessions(List<Session> sessions, int total) {
    }

    /** At most the {@code limit} asked for; {@code total} counts them all. */
    record Principals(List<PrincipalSummary> principals, int total) {
    }

    record Purged(int purged) {
    }

    /** {@code 127.0.0.1:50412}, {@code [::1]:50412}; {@code null} for none. */
    static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return address == null ? null : address.toString();
    }
}
