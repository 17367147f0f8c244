package io.stompede.interop;

import io.stompede.Broker;
import io.stompede.cluster.redis.RedisClusterBus;
import io.stompede.cluster.redis.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stomp.py against two Stompede nodes sharing one real Redis: the script checks topics and queues across them. */
@DisplayName("stomp.py over TCP against two nodes of one cluster")
class ClusterStompPyTest {
    @Test
    @DisplayName("a topic message crosses nodes; receipted queue messages held on one node are redelivered on the other")
    void twoNodesActAsOneBroker(@TempDir Path dir) throws Exception {
        ClientAvailability.requireStompPy();
        try (RedisServer redis = RedisServer.start(dir);
             InteropBroker a = InteropBroker.start(node(redis, "a"), 0, 0);
             InteropBroker b = InteropBroker.start(node(redis, "b"), 0, 0)) {
            Python.runScript("cluster_nodes.py", Duration.ofSeconds(60), "--port", Integer.toString(a.tcpPort()),
                    "--other-port", Integer.toString(b.tcpPort()));
        }
    }

    private static Broker node(RedisServer redis, String id) {
        return Broker.builder().clusterBus(RedisClusterBus.builder(redis.uri()).nodeId(id).build()).build();
    }
}
