package io.stompede.bench.load;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where a scenario's producers and consumers connect when they should not all share
 * {@code --port}: to different nodes of one cluster, so that every message crosses between nodes.
 * Without these options every client connects to {@code --port}.
 */
final class Placement {
    @Option(names = "--producer-port", paramLabel = "PORT",
            description = "Port the producers connect to (default: --port).")
    Integer producerPort;

    @Option(names = "--consumer-ports", split = ",", paramLabel = "PORT[,PORT...]", hideParamSyntax = true,
            description = "Ports the consumers (subscribers) connect to, spread over them round robin (default: --port).")
    List<Integer> consumerPorts;

    /** The port of every producer; {@code port} (the target's) unless {@code --producer-port} says otherwise. */
    int producer(int port) {
        return producerPort == null ? port : producerPort;
    }

    /** The port of the {@code index}th consumer, counting from 0. */
    int consumer(int index, int port) {
        return consumerPorts == null || consumerPorts.isEmpty() ? port : consumerPorts.get(index % consumerPorts.size());
    }

    /** The result fields naming the placement, each with a leading space; "" when everyone shares {@code --port}. */
    String fields() {
        StringBuilder fields = new StringBuilder();
        if (producerPort != null) {
            fields.append(" producer_port=").append(producerPort);
        }
        if (consumerPorts != null && !consumerPorts.isEmpty()) {
            fields.append(" consumer_ports=").append(String.join(",", consumerPorts.stream().map(String::valueOf).toList()));
        }
        return fields.toString();
    }
}
