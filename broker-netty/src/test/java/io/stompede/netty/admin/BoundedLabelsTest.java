package io.stompede.netty.admin;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import org.junit.jupiter.api.Test;

/** Label values stay few, whatever clients provoke: past the cap, new values count as other. */
class BoundedLabelsTest {
    @Test
    void newValuesPastTheCapCountAsOther() {
        BoundedLabels labels = new BoundedLabels(2);
        labels.increment("a");
        labels.increment("b");
        labels.increment("c");
        labels.increment("a");
        labels.increment(null);
        labels.increment("d");
        assertThat(labels.snapshot()).containsExactly(entry("a", 2L), entry("b", 1L),
                entry("other", 3L));
        assertThat(labels.total()).isEqualTo(6);
    }

    @Test
    void otherIsListedOnlyOnceSomethingCountedThere() {
        BoundedLabels labels = new BoundedLabels(5);
        labels.increment("x");
        assertThat(labels.snapshot()).containsOnlyKeys("x");
    }

    @Test
    void errorReasonsAreTheFixedStartOfTheMessageNotWhatTheClientAddedToIt() {
        assertThat(BrokerCounts.reason("unknown command")).isEqualTo("unknown command");
        assertThat(BrokerCounts.reason("invalid header escape \\q (STOMP 1.2)")).isEqualTo("invalid header escape");
        assertThat(BrokerCounts.reason("invalid header escape: backslash at end of header"))
                .isEqualTo("invalid header escape");
        assertThat(BrokerCounts.reason("frame too large (limit 1024 bytes)")).isEqualTo("frame too large");
        assertThat(BrokerCounts.reason("header line without ':'")).isEqualTo("header line without");
        assertThat(BrokerCounts.reason("delivery-limit")).isEqualTo("delivery-limit");
        assertThat(BrokerCounts.reason("a".repeat(200))).hasSize(BrokerCounts.MAX_REASON_LENGTH);
        assertThat(BrokerCounts.reason("Quota of alice exceeded")).isNull();
        assertThat(BrokerCounts.reason("")).isNull();
        assertThat(BrokerCounts.reason(null)).isNull();

        // However many tails clients make, they share one label.
        Broker broker = Broker.builder().build();
        try {
            BrokerCounts counts = new BrokerCounts(broker.config());
            for (int i = 0; i < 100; i++) {
                counts.errorSent(null, "invalid header escape \\" + (char) ('a' + i % 26) + i + " (STOMP 1.2)");
            }
            assertThat(counts.errors().snapshot()).containsExactly(entry("invalid header escape", 100L));
        } finally {
            broker.close();
        }
    }
}
