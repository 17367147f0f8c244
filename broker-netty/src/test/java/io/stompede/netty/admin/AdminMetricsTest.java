package io.stompede.netty.admin;

import static io.stompede.netty.admin.AdminServerTest.ADMIN;
import static io.stompede.netty.admin.AdminServerTest.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stompede.Broker;
import io.stompede.netty.StompServer;
import io.stompede.store.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} after STOMP traffic over a real socket: Prometheus's own checker accepts the
 * text without a lint warning, and the families carry the figures the traffic made.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Broker broker;
    private StompServer server;
    private AdminServer admin;
    private AdminClient http;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.builder().maxDeliveries(1).build();
        server = StompServer.builder().broker(broker).closeBrokerOnClose(true).tcp(0).start();
        admin = AdminServer.builder().broker(broker).server(server).port(0).users(AdminServerTest.users()).start();
        http = new AdminClient(admin.uri());
    }

    @AfterEach
    void stop() {
        admin.close();
        server.close();
    }

    private void traffic() throws Exception {
        try (StompSocket producer = StompSocket.connect(server.tcpPort());
             StompSocket listener = StompSocket.connect(server.tcpPort())) {
            listener.sendWithReceipt("SUBSCRIBE", "", "id:t", "destination:/topic/prices");
            for (int i = 0; i < 3; i++) {
                producer.sendWithReceipt("SEND", "1.0" + i, "destination:/topic/prices");
                assertThat(listener.read()).startsWith("MESSAGE\n");
            }
            for (int i = 0; i < 4; i++) {
                producer.sendWithReceipt("SEND", "job-" + i, "destination:/queue/work");
            }
            // A NACKed message with one delivery allowed goes to the dead letters.
            listener.sendWithReceipt("SUBSCRIBE", "", "id:q", "destination:/queue/poison", "ack:client-individual");
            producer.sendWithReceipt("SEND", "bad", "destination:/queue/poison");
            String message = listener.read();
            listener.sendWithReceipt("NACK", "", "id:" + StompSocket.header(message, "ack"));
            // An ERROR: a frame the broker does not know.
            producer.send("FLY", "");
            assertThat(producer.read()).startsWith("ERROR\n");
        }
        // ERRORs whose message goes on with what the client sent count under the message's fixed start.
        for (String escape : List.of("\\q", "\\z")) {
            try (StompSocket shaper = StompSocket.connect(server.tcpPort())) {
                shaper.send("SEND", "x", "destination:/queue/work", "x-shaped:" + escape);
                String error = shaper.read();
                assertThat(error).startsWith("ERROR\n");
                assertThat(StompSocket.header(error, "message")).startsWith("invalid header escape ").contains(escape);
            }
        }
    }

    @Test
    void theScrapePassesPromtoolAndCountsTheTraffic() throws Exception {
        traffic();
        AdminClient.Answer answer = http.get("/metrics", ADMIN, ADMIN_PASSWORD);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String scrape = answer.body();

        Promtool.Verdict verdict = Promtool.checkMetrics(scrape);
        assertThat(verdict.output()).as("promtool on%n%s", scrape).isEmpty();
        assertThat(verdict.exitCode()).isZero();

        Map<String, Double> samples = samples(scrape);
        assertThat(samples).containsEntry("stompede_messages_received_total{class=\"topic\"}", 3.0)
                .containsEntry("stompede_messages_received_total{class=\"queue\"}", 5.0)
                .containsEntry("stompede_messages_delivered_total{class=\"topic\"}", 3.0)
                .containsEntry("stompede_messages_delivered_total{class=\"queue\"}", 1.0)
                .containsEntry("stompede_received_bytes_total{class=\"queue\"}", 4 * 5.0 + 3)
                .containsEntry("stompede_queued_messages", 5.0)
                .containsEntry("stompede_queue_depth{kind=\"queue\",queue=\"/queue/DLQ\"}", 1.0)
                .containsEntry("stompede_dead_letters_total{reason=\"delivery-limit\"}", 1.0)
                .containsEntry("stompede_queue_depth{kind=\"queue\",queue=\"/queue/work\"}", 4.0)
                .containsEntry("stompede_connections_opened_total", 4.0)
                .containsEntry("stompede_sessions_connected_total", 4.0)
                .containsEntry("stompede_errors_total{reason=\"unknown command\"}", 1.0)
                .containsEntry("stompede_errors_total{reason=\"invalid header escape\"}", 2.0)
                .containsKey("stompede_connections")
                .containsKey("stompede_sessions")
                .containsKey("stompede_subscriptions")
                .containsKey("stompede_queue_memory_bytes")
                .containsKey("stompede_journal_paged_out_messages")
                .containsKey("stompede_messages_dropped_total")
                .containsKey("stompede_awaiting_ack_messages");
        assertThat(samples.keySet()).anyMatch(name -> name.startsWith("stompede_build_info{"));
        assertThat(samples.keySet()).noneMatch(name -> name.startsWith("stompede_cluster_"));
    }

    @Test
    void sessionsKeptForResumeAreCountedApartUntilTheirGraceEnds() throws Exception {
        Broker resuming = Broker.builder().resume(Duration.ofSeconds(2), 1000, 1 << 20).build();
        try (StompServer stomp = StompServer.builder().broker(resuming).closeBrokerOnClose(true).tcp(0).start();
             AdminServer resumingAdmin = AdminServer.builder().broker(resuming).server(stomp).port(0)
                     .users(AdminServerTest.users()).start()) {
            AdminClient client = new AdminClient(resumingAdmin.uri());
            StompSocket.connect(stomp.tcpPort()).close();   // no DISCONNECT: the session waits for its client

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(samples(client.get("/metrics", ADMIN, ADMIN_PASSWORD).body())).containsEntry("stompede_sessions_detached", 1.0)
                        .containsEntry("stompede_sessions", 0.0);
                JsonNode overview = client.get("/api/overview", ADMIN, ADMIN_PASSWORD).json();
                assertThat(overview.get("detachedSessions").asInt()).isEqualTo(1);
                assertThat(overview.get("sessions").asInt()).isZero();
            });
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(samples(client.get("/metrics", ADMIN, ADMIN_PASSWORD).body()))
                        .as("the grace over").containsEntry("stompede_sessions_detached", 0.0);
                assertThat(client.get("/api/overview", ADMIN, ADMIN_PASSWORD).json().get("detachedSessions").asInt())
                        .isZero();
            });
        }
    }

    @Test
    void aBrokerWithAJournalTellsItsFigures(@TempDir Path data) throws Exception {
        Broker durable = Broker.builder().dataDirectory(data, FsyncPolicy.always()).build();
        try (StompServer journaled = StompServer.builder().broker(durable).closeBrokerOnClose(true).tcp(0).start();
             AdminServer journalAdmin = AdminServer.builder().broker(durable).server(journaled).port(0)
                     .users(AdminServerTest.users()).start();
             StompSocket producer = StompSocket.connect(journaled.tcpPort())) {
            for (int i = 0; i < 3; i++) {
                producer.sendWithReceipt("SEND", "kept-" + i, "destination:/queue/orders", "persistent:true");
            }
            String scrape = new AdminClient(journalAdmin.uri()).get("/metrics", ADMIN, ADMIN_PASSWORD).body();

            Promtool.Verdict verdict = Promtool.checkMetrics(scrape);
            assertThat(verdict.output()).as("promtool on%n%s", scrape).isEmpty();
            Map<String, Double> samples = samples(scrape);
            assertThat(samples).containsEntry("stompede_journal_records_written_total", 3.0)
                    .containsEntry("stompede_journal_live_entries", 3.0)
                    .containsEntry("stompede_journal_segments", 1.0)
                    .containsEntry("stompede_journal_failed", 0.0);
            assertThat(samples.get("stompede_journal_written_bytes_total")).isGreaterThan(3 * "kept-0".length());
            assertThat(samples.get("stompede_journal_fsyncs_total")).isPositive();
            assertThat(samples).containsKey("stompede_journal_fsync_seconds_total");
        }
        assertThat(samples(http.get("/metrics", ADMIN, ADMIN_PASSWORD).body()).keySet())
                .as("a broker without a journal has no journal figures but the paged-out count")
                .noneMatch(name -> name.startsWith("stompede_journal_") && !name.contains("paged_out"));
    }

    @Test
    void openMetricsWhenAsked() throws Exception {
        AdminClient.Answer answer = http.get("/metrics", ADMIN, ADMIN_PASSWORD,
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(answer.header("Content-Type")).startsWith("application/openmetrics-text");
        assertThat(answer.body()).contains("# TYPE stompede_messages_received counter").endsWith("# EOF\n");
    }

    /** Each sample line's name and labels, and its value. */
    static Map<String, Double> samples(String scrape) {
        return scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.substring(0, line.lastIndexOf(' ')) + " " + line.substring(line.lastIndexOf(' ') + 1))
                .collect(Collectors.toMap(line -> line.substring(0, line.lastIndexOf(' ')),
                        line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), (a, b) -> b));
    }
}
