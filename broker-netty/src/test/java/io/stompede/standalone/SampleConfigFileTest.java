package io.stompede.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.standalone.Settings.Setting;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample {@code stompede.yaml} at the repository's root cannot go stale: it parses, it sets
 * every key the parser knows, and each to its default. The key table itself is sound: one name
 * and one environment variable per key.
 */
class SampleConfigFileTest {
    /** Surefire runs in the module's directory; the sample is one level up. */
    private static final Path SAMPLE = Path.of("..", "stompede.yaml");

    @Test
    void theSampleSetsEveryKeyToItsDefault() throws Exception {
        assertThat(SAMPLE).exists();
        Map<Key<?>, Setting> sample = ConfigLoader.readFile(SAMPLE);
        assertThat(sample.keySet()).containsExactlyInAnyOrderElementsOf(ConfigKeys.ALL);
        for (Key<?> key : ConfigKeys.ALL) {
            assertThat(sample.get(key).value()).as(key.name()).isEqualTo(key.defaultValue());
        }
    }

    @Test
    void everyKeyHasItsOwnVariableDocumentationAndADefaultItsTypeAccepts() throws Exception {
        assertThat(ConfigKeys.envNames()).hasSameSizeAs(ConfigKeys.ALL);
        for (Key<?> key : ConfigKeys.ALL) {
            assertThat(key.envName()).as(key.name()).matches("STOMPEDE_[A-Z0-9_]+");
            assertThat(key.doc()).as(key.name()).isNotBlank().endsWith(".");
            assertThat(ConfigKeys.isSection(key.name())).as(key.name()).isFalse();
            if (key.defaultValue() != null) {
                assertThat(key.fromText(key.toText(key.defaultValue()))).as(key.name()).isEqualTo(key.defaultValue());
            }
        }
    }
}
