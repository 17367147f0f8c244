package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.BrokerBuilder;
import io.stompede.config.BrokerConfig;
import io.stompede.config.BrokerConfig.SlowConsumerPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The stompede.* properties, bound as Spring Boot binds them, applied to a broker builder. */
@DisplayName("BrokerSettings")
class BrokerSettingsTest {
    private static BrokerBuilder applied(Map<String, String> properties) {
        StompedeProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("stompede", StompedeProperties.class);
        BrokerBuilder builder = Broker.builder();
        BrokerSettings.apply(bound, builder);
        return builder;
    }

    @Test
    @DisplayName("no property leaves every default of the broker")
    void nothingSetKeepsTheDefaults() {
        assertThat(applied(Map.of()).config()).isEqualTo(Broker.builder().config());
        assertThat(applied(Map.of()).resumeConfig()).isEqualTo(Broker.builder().resumeConfig());
    }

    @Test
    @DisplayName("a property of a combined call changes its value only, the others keep the defaults")
    void combinedCallsKeepWhatIsUnset() {
        BrokerConfig defaults = Broker.builder().config();
        BrokerConfig config = applied(Map.of("stompede.limits.max-body-size", "1MB",
                "stompede.limits.slow-consumer-policy", "disconnect",
                "stompede.heartbeat.ceiling", "30s",
                "stompede.limits.max-queues-per-principal", "7")).config();
        assertThat(config.frameLimits().maxBodySize()).isEqualTo(1024 * 1024);
        assertThat(config.frameLimits().maxFrameSize()).isEqualTo(defaults.frameLimits().maxFrameSize());
        assertThat(config.slowConsumerPolicy()).isEqualTo(SlowConsumerPolicy.DISCONNECT);
        assertThat(config.maxPendingTopicMessages()).isEqualTo(defaults.maxPendingTopicMessages());
        assertThat(config.heartbeatCeiling()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.heartbeatFloor()).isEqualTo(defaults.heartbeatFloor());
        assertThat(config.maxQueuesPerPrincipal()).isEqualTo(7);
        assertThat(config.maxQueues()).isEqualTo(defaults.maxQueues());
    }

    @Test
    @DisplayName("durability, prefixes, dead letters and resume")
    void durabilityRoutingAndResume() {
        BrokerBuilder builder = applied(Map.of("stompede.durability.history.[/topic/chat.**]", "50",
                "stompede.durability.durable-queues", "/queue/orders.**,/queue/jobs",
                "stompede.stomp.topic-prefix", "/exchange/",
                "stompede.dead-letters.max-deliveries", "3",
                "stompede.resume.enabled", "false"));
        assertThat(builder.durability().history()).singleElement()
                .satisfies(rule -> assertThat(rule.count()).isEqualTo(50));
        assertThat(builder.durability().durableQueues()).hasSize(2);
        assertThat(builder.config().topicPrefix()).isEqualTo("/exchange/");
        assertThat(builder.config().maxDeliveries()).isEqualTo(3);
        assertThat(builder.resumeConfig().enabled()).isFalse();
    }
}
