package io.stompede.netty.admin;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

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
}
