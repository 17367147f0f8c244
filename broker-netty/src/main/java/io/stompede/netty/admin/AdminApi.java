package io.stompede.netty.admin;

import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.METHOD_NOT_ALLOWED;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.NO_CONTENT;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;
import static io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.stompede.Broker;
import io.stompede.BrokerStats;
import io.stompede.admin.DestinationSummary;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.netty.StompServer;
import java.net.URI;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin endpoint's answers, by method and path: the probes, {@code /metrics}, the read API
 * and the operations that {@link AdminServer} lists. Whoever asks has been let in already
 * (see {@link AdminAccess}). What may take time or touch the journal or Redis (purging a queue,
 * deleting a durable subscription) runs on the admin's operation workers, apart from the login
 * checks, so that a flood of logins cannot hold up an administrator's purge; the answers that need every
 * session to reply complete when the sessions did. Nothing here blocks the caller.
 *
 * <p>Called on the admin event loop, which it shares with the {@link Sampler} and
 * {@link BrokerMetrics} it reads; the answers complete on any thread.
 */
final class AdminApi {
    private static final String SESSIONS = "/api/sessions";
    private static final String DEFAULT_CLOSE_REASON = "closed by an administrator";
    private static final int DEFAULT_LIMIT = 100;
    private static final long SESSIONS_TIMEOUT_SECONDS = 10;
    private static final long CLUSTER_TIMEOUT_SECONDS = 5;
    /** Lists longer than this are cut, whatever {@code limit} asks. */
    static final int MAX_LIMIT = 1000;
    private static final Set<String> OPEN = Set.of("/health", "/ready");
    private static final Set<HttpMethod> READ = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final Set<HttpMethod> OPERATION = Set.of(HttpMethod.DELETE);
    private static final Comparator<JsonViews.Destination> BUSIEST_FIRST =
            Comparator.comparingDouble(JsonViews.Destination::busyness).reversed()
                    .thenComparing(Comparator.comparingInt(JsonViews.Destination::depth).reversed())
                    .thenComparing(JsonViews.Destination::name);

    private final Broker broker;
    private final StompServer server;
    private final RedisClusterBus cluster;
    private final BrokerCounts counts;
    private final Sampler sampler;
    private final BrokerMetrics metrics;
    private final Executor operations;
    private final Clock clock;
    private final long startedAt;
    private final String version;

    AdminApi(Broker broker, StompServer server, RedisClusterBus cluster, BrokerCounts counts, Sampler sampler,
             BrokerMetrics metrics, Executor operations, Clock clock, String version) {
        this.broker = broker;
        this.server = server;
        this.cluster = cluster;
        this.counts = counts;
        this.sampler = sampler;
        this.metrics = metrics;
        this.operations = operations;
        this.clock = clock;
        this.startedAt = clock.millis();
        this.version = version;
    }

    /** Whether {@code path} is a probe, answered without credentials. */
    static boolean isOpen(String path) {
        return OPEN.contains(path);
    }

    /** Whether {@code path} is the API's, rather than a file of the status page. */
    static boolean answers(String path) {
        return isOpen(path) || path.equals("/metrics") || path.equals("/api") || path.startsWith("/api/");
    }

    /**
     * The methods {@code path} takes: {@code GET} and {@code HEAD} for the reads and the status
     * page's files, {@code DELETE} for the operations; {@code null} for a path of the API that is
     * not there (404 once let in).
     */
    static Set<HttpMethod> methods(String path) {
        if (!answers(path)) {
            return READ;
        }
        if (path.startsWith(SESSIONS + "/") && path.length() > SESSIONS.length() + 1) {
            return OPERATION;
        }
        return switch (path) {
            case "/health", "/ready", "/metrics", "/api/overview", "/api/series", "/api/destinations", "/api/cluster",
                 SESSIONS, "/api/principals" -> READ;
            case "/api/queues/messages", "/api/durable-subscriptions" -> OPERATION;
            default -> null;
        };
    }

    /** The 405 for {@code method} on a path that takes {@code allowed}, with its {@code Allow} header. */
    static Reply notAllowed(HttpMethod method, Set<HttpMethod> allowed) {
        String allow = allowed == READ ? "GET, HEAD" : "DELETE";
        return Reply.error(METHOD_NOT_ALLOWED, method + " is not allowed here; " + allow + " is")
                .withHeader(HttpHeaderNames.ALLOW.toString(), allow);
    }

    /**
     * The answer to {@code method} on {@code uri}, once known. {@code HEAD} is answered as
     * {@code GET}; the response then goes without its body.
     */
    CompletableFuture<Reply> answer(HttpMethod method, QueryStringDecoder uri, HttpHeaders headers) {
        String path = uri.path();
        Set<HttpMethod> allowed = methods(path);
        if (allowed == null) {
            return done(Reply.error(NOT_FOUND, "no such path " + path));
        }
        if (!allowed.contains(method)) {
            return done(notAllowed(method, allowed));
        }
        if (path.startsWith(SESSIONS + "/")) {
            return closeSession(path.substring(SESSIONS.length() + 1), uri);
        }
        return switch (path) {
            case "/health" -> health();
            case "/ready" -> ready();
            case "/metrics" -> metrics(headers.get(HttpHeaderNames.ACCEPT));
            case "/api/overview" -> ok(overview());
            case "/api/series" -> ok(new JsonViews.Series(1, sampler.points()));
            case "/api/destinations" -> destinations(uri);
            case "/api/cluster" -> cluster();
            case SESSIONS -> sessions(uri);
            case "/api/principals" -> principals(uri);
            case "/api/queues/messages" -> purge(uri);
            case "/api/durable-subscriptions" -> deleteDurable(uri);
            default -> done(Reply.error(NOT_FOUND, "no such path " + path));
        };
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    private static CompletableFuture<Reply> ok(Object view) {
        return done(Reply.json(OK, JsonViews.write(view)));
    }

    private CompletableFuture<Reply> health() {
        boolean up = !broker.isClosed();
        return done(Reply.json(up ? OK : SERVICE_UNAVAILABLE, JsonViews.write(new JsonViews.Status(up ? "UP" : "DOWN"))));
    }

    private CompletableFuture<Reply> ready() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("broker", upOrDown(!broker.isClosed()));
        if (server != null) {
            checks.put("listeners", upOrDown(!server.isClosed()));
        }
        if (cluster != null) {
            checks.put("cluster", upOrDown(cluster.connected()));
        }
        boolean ready = !checks.containsValue("DOWN");
        return done(Reply.json(ready ? OK : SERVICE_UNAVAILABLE,
                JsonViews.write(new JsonViews.Ready(ready ? "READY" : "NOT_READY", checks))));
    }

    private static String upOrDown(boolean up) {
        return up ? "UP" : "DOWN";
    }

    private CompletableFuture<Reply> metrics(String accept) {
        BrokerMetrics.Scrape scrape = metrics.scrape(accept);
        return done(new Reply(OK, scrape.contentType(), scrape.body(), null, null));
    }

    private JsonViews.Overview overview() {
        BrokerStats stats = broker.stats();
        Sampler.Point latest = sampler.latest();
        long now = clock.millis();
        List<String> listeners = server == null ? List.of() : server.listenerUris().stream().map(URI::toString).toList();
        return new JsonViews.Overview(cluster == null ? null : cluster.nodeId(), version, startedAt,
                TimeUnit.MILLISECONDS.toSeconds(now - startedAt), stats.connections(), stats.connectedSessions(),
                broker.detachedSessions(), stats.subscriptionCount(), stats.messagesIn(), stats.messagesOut(), stats.messagesDropped(),
                latest == null ? 0 : latest.inRate(), latest == null ? 0 : latest.outRate(),
                stats.queueDepths().values().stream().mapToLong(Integer::longValue).sum(), stats.queueInFlight(),
                stats.awaitingAck(), counts.deadLetters().total(), counts.errors().total(), stats.queueMemoryBytes(),
                stats.pagedOut(), listeners);
    }

    private CompletableFuture<Reply> destinations(QueryStringDecoder uri) {
        int limit = limit(uri, Integer.MAX_VALUE);
        if (limit < 1) {
            return done(badLimit(uri));
        }
        List<DestinationSummary> all = broker.destinations();
        List<JsonViews.Destination> busiest = all.stream()
                .map(d -> JsonViews.Destination.of(d, sampler.rates(d)))
                .sorted(BUSIEST_FIRST)
                .limit(limit)
                .toList();
        return ok(new JsonViews.Destinations(busiest, all.size()));
    }

    private CompletableFuture<Reply> cluster() {
        if (cluster == null) {
            return ok(JsonViews.Cluster.SINGLE_NODE);
        }
        String self = cluster.nodeId();
        // Redis unreachable: this node is still one, and the others are unknown.
        return cluster.nodes().orTimeout(CLUSTER_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .handle((ids, failure) -> {
                    Set<String> known = new TreeSet<>(ids == null ? List.of() : ids);
                    known.add(self);
                    List<JsonViews.Node> nodes = known.stream().map(id -> new JsonViews.Node(id, id.equals(self)))
                            .toList();
                    return Reply.json(OK, JsonViews.write(new JsonViews.Cluster(true, self, cluster.connected(), nodes,
                            cluster.stats())));
                });
    }

    private CompletableFuture<Reply> sessions(QueryStringDecoder uri) {
        int limit = limit(uri, MAX_LIMIT);
        if (limit < 1) {
            return done(badLimit(uri));
        }
        return broker.sessions().orTimeout(SESSIONS_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .thenApply(all -> Reply.json(OK, JsonViews.write(new JsonViews.Sessions(
                        all.stream().limit(limit).map(JsonViews.Session::of).toList(), all.size()))));
    }

    private CompletableFuture<Reply> principals(QueryStringDecoder uri) {
        int limit = limit(uri, MAX_LIMIT);
        if (limit < 1) {
            return done(badLimit(uri));
        }
        return broker.principals().orTimeout(SESSIONS_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .thenApply(all -> Reply.json(OK, JsonViews.write(new JsonViews.Principals(
                        all.stream().limit(limit).toList(), all.size()))));
    }

    /**
     * The {@code limit} parameter: {@value #DEFAULT_LIMIT} when absent, at most {@code max}; 0 when
     * it is not a positive whole number.
     */
    private static int limit(QueryStringDecoder uri, int max) {
        String given = parameter(uri, "limit");
        if (given == null) {
            return Math.min(DEFAULT_LIMIT, max);
        }
        try {
            int limit = Integer.parseInt(given);
            return limit < 1 ? 0 : Math.min(limit, max);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Reply badLimit(QueryStringDecoder uri) {
        return Reply.error(BAD_REQUEST, "limit must be a positive whole number, was " + parameter(uri, "limit"));
    }

    private CompletableFuture<Reply> closeSession(String id, QueryStringDecoder uri) {
        String reason = parameter(uri, "reason");
        if (broker.closeSession(id, reason == null || reason.isBlank() ? DEFAULT_CLOSE_REASON : reason)) {
            return done(Reply.empty(NO_CONTENT));
        }
        return done(Reply.error(NOT_FOUND, "no session " + id));
    }

    private CompletableFuture<Reply> purge(QueryStringDecoder uri) {
        String name = parameter(uri, "name");
        if (name == null) {
            return done(missing("name"));
        }
        return onOperations(() -> {
            int purged = broker.purgeQueue(name);
            return purged < 0 ? Reply.error(NOT_FOUND, "no queue " + name)
                    : Reply.json(OK, JsonViews.write(new JsonViews.Purged(purged)));
        });
    }

    private CompletableFuture<Reply> deleteDurable(QueryStringDecoder uri) {
        String name = parameter(uri, "name");
        if (name == null) {
            return done(missing("name"));
        }
        return onOperations(() -> broker.deleteDurableSubscription(name) ? Reply.empty(NO_CONTENT)
                : Reply.error(NOT_FOUND, "no durable subscription " + name));
    }

    private CompletableFuture<Reply> onOperations(Supplier<Reply> operation) {
        try {
            return CompletableFuture.supplyAsync(operation, operations);
        } catch (RejectedExecutionException e) {
            return done(Reply.error(SERVICE_UNAVAILABLE, "the admin endpoint is busy; try again"));
        }
    }

    private static Reply missing(String parameter) {
        return Reply.error(BAD_REQUEST, "missing parameter " + parameter);
    }

    /** The first value of a query parameter, or {@code null} when it is absent or empty. */
    private static String parameter(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }
}
