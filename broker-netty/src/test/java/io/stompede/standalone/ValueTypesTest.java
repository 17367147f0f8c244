package io.stompede.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.store.FsyncPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kinds of value: what each reads, how it writes it back, and what it says about a bad one. */
class ValueTypesTest {
    @Test
    void sizesReadBinaryUnitsAndWriteTheLargestThatDividesExactly() throws BadValue {
        ValueType<Long> size = ValueTypes.size(0, Long.MAX_VALUE);
        assertThat(size.fromText("65536")).isEqualTo(65536L);
        assertThat(size.fromText("64KiB")).isEqualTo(65536L);
        assertThat(size.fromText("4 mib")).isEqualTo(4L << 20);
        assertThat(size.fromText("1GiB")).isEqualTo(1L << 30);
        assertThat(size.toYaml(4L << 20)).isEqualTo("4MiB");
        assertThat(size.toYaml(4L * 1024 * 1024 + 64 * 1024)).isEqualTo("4160KiB");
        assertThat(size.toYaml(1000L)).isEqualTo(1000L);
        assertThatThrownBy(() -> size.fromText("4MB")).hasMessage(
                "expected a size in bytes (such as 65536 or 64KiB), got \"4MB\"");
        assertThatThrownBy(() -> ValueTypes.size(1, Integer.MAX_VALUE).fromText("2GiB"))
                .hasMessage("expected a size from 1 to 2147483647, got 2GiB");
        assertThatThrownBy(() -> size.fromText("99999999999TiB")).hasMessageContaining("expected a size");
    }

    @Test
    void durationsNeedAUnitExceptZero() throws BadValue {
        ValueType<Duration> duration = ValueTypes.duration(Duration.ZERO);
        assertThat(duration.fromText("0")).isEqualTo(Duration.ZERO);
        assertThat(duration.fromText("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(duration.fromText("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(duration.fromText("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(duration.toYaml(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(duration.toYaml(Duration.ofMinutes(60))).isEqualTo("1h");
        assertThat(duration.toYaml(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(duration.toYaml(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThatThrownBy(() -> duration.fromText("10")).hasMessage(
                "expected a duration such as 10s or 500ms, got \"10\"");
        assertThatThrownBy(() -> ValueTypes.duration(Duration.ofMillis(1)).fromText("0s"))
                .hasMessage("expected a duration of at least 1ms, got 0s");
    }

    @Test
    void numbersChoicesAndText() throws BadValue {
        assertThat(ValueTypes.wholeNumber(-1, 10).fromText("-1")).isEqualTo(-1);
        assertThatThrownBy(() -> ValueTypes.wholeNumber(1, Integer.MAX_VALUE).fromText("99999999999"))
                .hasMessage("expected a whole number of at least 1, got 99999999999");
        assertThatThrownBy(() -> ValueTypes.wholeNumber(1, 2).fromText("1.5"))
                .hasMessage("expected a whole number, got \"1.5\"");
        assertThatThrownBy(() -> ValueTypes.wholeNumber(1, 2).fromText(" "))
                .hasMessage("expected a whole number from 1 to 2, got nothing");
        assertThat(ValueTypes.decimal(1.0).fromText("2")).isEqualTo(2.0);
        ValueType<FsyncPolicy.Mode> mode = ValueTypes.choice(FsyncPolicy.Mode.class);
        assertThat(mode.fromText("Interval")).isEqualTo(FsyncPolicy.Mode.INTERVAL);
        assertThat(mode.toYaml(FsyncPolicy.Mode.NEVER)).isEqualTo("never");
        assertThat(ValueTypes.fsyncPolicy().toYaml(FsyncPolicy.interval(Duration.ofMillis(250)))).isEqualTo("interval:250");
        assertThatThrownBy(() -> ValueTypes.fsyncPolicy().fromText("sometimes")).hasMessageContaining("sometimes");
    }

    @Test
    void listsAndMappingsAsTextAreSeparatedByCommas() throws BadValue {
        ValueType<List<Integer>> list = ValueTypes.listOf(ValueTypes.wholeNumber(0, 9));
        assertThat(list.fromText("1, 2,3")).containsExactly(1, 2, 3);
        assertThat(list.fromText("")).isEmpty();
        assertThat(list.toText(List.of(1, 2))).isEqualTo("1,2");
        ValueType<Map<String, Integer>> map = ValueTypes.mapOf(ValueTypes.text("a name", s -> true),
                ValueTypes.wholeNumber(1, 99));
        assertThat(map.fromText("/topic/a=1,/topic/b.**=2")).containsExactly(Map.entry("/topic/a", 1),
                Map.entry("/topic/b.**", 2));
        assertThatThrownBy(() -> map.fromText("/topic/a=1,/topic/a=2")).hasMessage("\"/topic/a\" is given twice");
        assertThatThrownBy(() -> map.fromText("/topic/a")).hasMessageContaining("KEY=VALUE");
    }
}
