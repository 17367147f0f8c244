package io.stompede.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The journal's key-to-location table against a plain map. */
class LocationTableTest {
    @Test
    @DisplayName("random puts and removes of nearby keys agree with a HashMap, through growth and gap closing")
    void agreesWithHashMap() {
        Random random = new Random(42);
        LocationTable table = new LocationTable();
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            String key = "/queue/q" + random.nextInt(4) + '\u0000' + "id-" + random.nextInt(20_000);
            if (random.nextInt(3) == 0) {
                Long removed = expected.remove(key);
                assertThat(table.remove(key)).isEqualTo(removed == null ? LocationTable.ABSENT : removed);
            } else {
                Long previous = expected.put(key, (long) i);
                assertThat(table.put(key, i)).isEqualTo(previous == null ? LocationTable.ABSENT : previous);
            }
        }
        assertThat(table.size()).isEqualTo(expected.size());
        Map<String, Long> actual = new HashMap<>();
        table.forEach(actual::put);
        assertThat(actual).isEqualTo(expected);
        expected.keySet().forEach(key -> assertThat(table.contains(key)).isTrue());
    }
}
