package io.stompede.netty.admin;

import static io.stompede.netty.admin.AdminServerTest.ADMIN;
import static io.stompede.netty.admin.AdminServerTest.ADMIN_PASSWORD;
import static io.stompede.netty.admin.AdminServerTest.OPERATOR;
import static io.stompede.netty.admin.AdminServerTest.OPERATOR_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stompede.Broker;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.cluster.redis.RedisServer;
import io.stompede.netty.StompServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin endpoint of one node of a two-node cluster on a real Redis: the cluster's nodes, the
 * Redis figures in the metrics, and readiness that follows the connection to Redis.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdminClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Broker node(RedisServer redis, String id) {
        return Broker.builder().clusterBus(RedisClusterBus.builder(redis.uri()).nodeId(id)
                .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(3)).build()).build();
    }

    @Test
    void listsTheNodesCountsRedisAndIsNotReadyWhileRedisIsAway(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir)) {
            RedisClusterBus bus = RedisClusterBus.builder(redis.uri()).nodeId("node-1")
                    .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(3)).build();
            Broker other = node(redis, "node-2");
            try (StompServer server = StompServer.builder().broker(Broker.builder().clusterBus(bus).build())
                    .closeBrokerOnClose(true).tcp(0).start();
                 AdminServer admin = AdminServer.builder().broker(server.broker()).server(server).cluster(bus)
                         .port(0).users(AdminServerTest.users()).start()) {
                AdminClient http = new AdminClient(admin.uri());
                assertThat(http.get("/api/cluster", null, null).status()).isEqualTo(401);
                assertThat(http.get("/api/cluster", OPERATOR, OPERATOR_PASSWORD).status()).isEqualTo(403);
                await().atMost(WAIT).untilAsserted(() -> {
                    JsonNode cluster = http.get("/api/cluster", ADMIN, ADMIN_PASSWORD).json();
                    assertThat(cluster.get("clustered").asBoolean()).isTrue();
                    assertThat(cluster.get("node").asText()).isEqualTo("node-1");
                    assertThat(cluster.get("connected").asBoolean()).isTrue();
                    assertThat(cluster.get("nodes").toString())
                            .isEqualTo("[{\"id\":\"node-1\",\"self\":true},{\"id\":\"node-2\",\"self\":false}]");
                    assertThat(cluster.get("redis").get("roundTripMicros").asLong()).isNotNegative();
                });
                server.broker().publish("/topic/news", "hello");
                assertThat(http.get("/api/overview", ADMIN, ADMIN_PASSWORD).json().get("node").asText())
                        .isEqualTo("node-1");

                await().atMost(WAIT).untilAsserted(() -> {
                    String scrape = http.get("/metrics", ADMIN, ADMIN_PASSWORD).body();
                    Map<String, Double> samples = AdminMetricsTest.samples(scrape);
                    assertThat(samples).containsEntry("stompede_cluster_connected", 1.0)
                            .containsEntry("stompede_cluster_published_messages_total", 1.0)
                            .containsEntry("stompede_build_info{node=\"node-1\",version=\"" + http.get("/api/overview",
                                    ADMIN, ADMIN_PASSWORD).json().get("version").asText() + "\"}", 1.0)
                            .containsKeys("stompede_cluster_round_trip_seconds", "stompede_cluster_disconnects_total",
                                    "stompede_cluster_enqueued_messages_total", "stompede_cluster_subscriptions");
                    Promtool.Verdict verdict = Promtool.checkMetrics(scrape);
                    assertThat(verdict.output()).as("promtool on%n%s", scrape).isEmpty();
                    assertThat(verdict.exitCode()).isZero();
                });

                JsonNode ready = http.get("/ready", null, null).json();
                assertThat(ready.get("status").asText()).isEqualTo("READY");
                assertThat(ready.get("checks").get("cluster").asText()).isEqualTo("UP");
                redis.stop();
                await().atMost(WAIT).untilAsserted(() -> {
                    AdminClient.Answer notReady = http.get("/ready", null, null);
                    assertThat(notReady.status()).isEqualTo(503);
                    assertThat(notReady.json().get("status").asText()).isEqualTo("NOT_READY");
                    assertThat(notReady.json().get("checks").toString())
                            .isEqualTo("{\"broker\":\"UP\",\"listeners\":\"UP\",\"cluster\":\"DOWN\"}");
                });
                // Without Redis the node still knows itself.
                JsonNode alone = http.get("/api/cluster", ADMIN, ADMIN_PASSWORD).json();
                assertThat(alone.get("connected").asBoolean()).isFalse();
                assertThat(alone.get("nodes").findValuesAsText("id")).isEqualTo(List.of("node-1"));
                assertThat(http.get("/health", null, null).status()).isEqualTo(200);

                redis.startAgain();
                await().atMost(WAIT).until(() -> http.get("/ready", null, null).status() == 200);
            } finally {
                other.close();
            }
        }
    }
}
