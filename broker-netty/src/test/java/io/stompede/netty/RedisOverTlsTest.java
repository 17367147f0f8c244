package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.cluster.redis.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes reach a real Redis that speaks only TLS through {@code rediss://}. */
class RedisOverTlsTest {
    @Test
    @Timeout(60)
    void nodesShareTopicsAndQueuesThroughARedisThatSpeaksOnlyTls(@TempDir Path dir) throws Exception {
        TestCertificate certificate = TestCertificate.create(dir);
        int tlsPort = RedisServer.freePort();
        try (RedisServer redis = RedisServer.start(dir, List.of("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", certificate.certificateFile().toString(),
                "--tls-key-file", certificate.keyFile().toString(),
                "--tls-ca-cert-file", certificate.certificateFile().toString(), "--tls-auth-clients", "no"))) {
            // The test's certificate is self-signed: the link is encrypted, the server not verified.
            String uri = "rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE";
            try (Broker a = node(uri, "a"); Broker b = node(uri, "b")) {
                List<String> topic = new CopyOnWriteArrayList<>();
                List<String> queue = new CopyOnWriteArrayList<>();
                b.subscribe("/topic/secret", message -> topic.add(message.bodyAsString()));
                b.subscribe("/queue/secret", message -> queue.add(message.bodyAsString()));

                a.publish("/queue/secret", "queued").join();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    a.publish("/topic/secret", "published");
                    assertThat(topic).contains("published");
                });
                await().atMost(Duration.ofSeconds(20)).until(() -> queue.contains("queued"));
            }
        }
    }

    private static Broker node(String uri, String id) {
        return Broker.builder().clusterBus(RedisClusterBus.builder(uri).nodeId(id).build()).build();
    }
}
