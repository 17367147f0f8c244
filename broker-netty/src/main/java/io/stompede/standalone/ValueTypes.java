package io.stompede.standalone;

import io.stompede.store.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The kinds of value the configuration keys take, each with its range: whole numbers, sizes
 * ({@code 64KiB}), durations ({@code 10s}), choices, files that must exist, lists and mappings.
 * The messages name what was expected and what was given, so that they read well after
 * {@code stompede.yaml:12: limits.max-connections: }. Stateless.
 */
final class ValueTypes {
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]ib)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final String[] SIZE_UNITS = {"TiB", "GiB", "MiB", "KiB"};

    private ValueTypes() {
    }

    /** Reads text into a value, or says why it cannot. */
    interface Parser<T> {
        T parse(String text) throws BadValue;
    }

    /** A kind written as one scalar: its description, its parser and how it is written back. */
    private record Scalar<T>(String expected, Parser<T> parser, Function<T, Object> writer) implements ValueType<T> {
        @Override
        public T fromText(String text) throws BadValue {
            String value = text.strip();
            if (value.isEmpty()) {
                throw new BadValue("expected " + expected + ", got nothing");
            }
            return parser.parse(value);
        }

        @Override
        public Object toYaml(T value) {
            return writer.apply(value);
        }
    }

    private static BadValue unreadable(String expected, String text) {
        return new BadValue("expected " + expected + ", got \"" + text + '"');
    }

    /** A whole number from {@code min} to {@code max}. */
    static ValueType<Integer> wholeNumber(int min, int max) {
        String range = max == Integer.MAX_VALUE ? " of at least " + min : " from " + min + " to " + max;
        return new Scalar<>("a whole number" + range, text -> {
            if (!WHOLE.matcher(text).matches()) {
                throw unreadable("a whole number", text);
            }
            long value = parseOr(text, Long.MAX_VALUE);
            if (value < min || value > max) {
                throw new BadValue("expected a whole number" + range + ", got " + text);
            }
            return (int) value;
        }, value -> value);
    }

    private static long parseOr(String digits, long tooLarge) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return tooLarge;
        }
    }

    /** A number of bytes, plain or with a binary unit ({@code 64KiB}, {@code 4MiB}), from {@code min} to {@code max}. */
    static ValueType<Long> size(long min, long max) {
        String range = max == Long.MAX_VALUE ? " of at least " + formatSize(min) : " from " + formatSize(min)
                + " to " + formatSize(max);
        return new Scalar<>("a size in bytes (such as 65536 or 64KiB)" + range, text -> {
            Matcher m = SIZE.matcher(text);
            if (!m.matches()) {
                throw unreadable("a size in bytes (such as 65536 or 64KiB)", text);
            }
            long value;
            try {
                value = Math.multiplyExact(Long.parseLong(m.group(1)), unitBytes(m.group(2)));
            } catch (ArithmeticException | NumberFormatException e) {
                throw new BadValue("expected a size" + range + ", got " + text);
            }
            if (value < min || value > max) {
                throw new BadValue("expected a size" + range + ", got " + text);
            }
            return value;
        }, ValueTypes::formatSizeForYaml);
    }

    private static long unitBytes(String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (Character.toUpperCase(unit.charAt(0))) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1L << 40;
        };
    }

    private static Object formatSizeForYaml(long bytes) {
        String text = formatSize(bytes);
        return text.chars().allMatch(Character::isDigit) ? (Object) bytes : text;
    }

    /** The largest binary unit that divides {@code bytes} exactly: {@code 4MiB}, {@code 4160KiB}, {@code 100}. */
    static String formatSize(long bytes) {
        for (int i = 0; i < SIZE_UNITS.length && bytes != 0; i++) {
            long unit = 1L << (10 * (SIZE_UNITS.length - i));
            if (bytes % unit == 0) {
                return bytes / unit + SIZE_UNITS[i];
            }
        }
        return Long.toString(bytes);
    }

    /** A duration with a unit ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}; 0 needs none), at least {@code min}. */
    static ValueType<Duration> duration(Duration min) {
        String range = min.isZero() ? "" : " of at least " + formatDuration(min);
        String expected = "a duration such as 10s or 500ms";
        return new Scalar<>(expected + range, text -> {
            Matcher m = DURATION.matcher(text);
            if (!m.matches() || (m.group(2) == null && !m.group(1).chars().allMatch(c -> c == '0'))) {
                throw unreadable(expected, text);
            }
            Duration value;
            try {
                long amount = Long.parseLong(m.group(1));
                value = switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } catch (ArithmeticException | NumberFormatException e) {
                throw new BadValue("expected " + expected + ", got one too long: " + text);
            }
            if (value.compareTo(min) < 0) {
                throw new BadValue("expected a duration" + range + ", got " + text);
            }
            return value;
        }, ValueTypes::formatDuration);
    }

    /** The largest unit that divides {@code d} exactly: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d}. */
    static String formatDuration(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds == 0 || seconds % 60 != 0) {
            return seconds + "s";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds / 60 + "m";
    }

    /** A decimal number of at least {@code min}. */
    static ValueType<Double> decimal(double min) {
        String range = " of at least " + min;
        return new Scalar<>("a number" + range, text -> {
            if (!DECIMAL.matcher(text).matches()) {
                throw unreadable("a number", text);
            }
            double value = Double.parseDouble(text);
            if (!(value >= min) || Double.isInfinite(value)) {
                throw new BadValue("expected a number" + range + ", got " + text);
            }
            return value;
        }, value -> value);
    }

    /** {@code true} or {@code false}, and nothing else YAML 1.1 used to accept ({@code yes}, {@code on}). */
    static ValueType<Boolean> bool() {
        return new Scalar<>("true or false", text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw unreadable("true or false", text);
        }, value -> value);
    }

    /** Text that {@code valid} accepts, as {@code expected} describes it. */
    static ValueType<String> text(String expected, Predicate<String> valid) {
        return new Scalar<>(expected, text -> {
            if (!valid.test(text)) {
                throw unreadable(expected, text);
            }
            return text;
        }, value -> value);
    }

    /** One of an enum's constants, written in lower case with dashes ({@code DROP_OLDEST} is {@code drop-oldest}). */
    static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        Map<String, E> names = new LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            names.put(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'), constant);
        }
        return choice(names);
    }

    /** One of {@code names}' values, by its name (case and {@code _} versus {@code -} do not matter). */
    static <T> ValueType<T> choice(Map<String, T> names) {
        Map<String, T> byName = Collections.unmodifiableMap(new LinkedHashMap<>(names));
        String expected = "one of " + String.join(", ", byName.keySet());
        return new Scalar<>(expected, text -> {
            T value = byName.get(text.toLowerCase(Locale.ROOT).replace('_', '-'));
            if (value == null) {
                throw unreadable(expected, text);
            }
            return value;
        }, value -> byName.entrySet().stream().filter(e -> e.getValue().equals(value))
                .findFirst().orElseThrow().getKey());
    }

    /** The path of a file that exists and can be read now, so that a typo stops the start, not the first login. */
    static ValueType<Path> existingFile() {
        return new Scalar<>("the path of a readable file", text -> {
            Path path = path(text);
            if (!Files.exists(path)) {
                throw new BadValue("no such file: " + text);
            }
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new BadValue("not a readable file: " + text);
            }
            return path;
        }, Path::toString);
    }

    /** The path of a directory, which need not exist yet; an existing file there is refused. */
    static ValueType<Path> directory() {
        return new Scalar<>("the path of a directory", text -> {
            Path path = path(text);
            if (Files.exists(path) && !Files.isDirectory(path)) {
                throw new BadValue("not a directory: " + text);
            }
            return path;
        }, Path::toString);
    }

    private static Path path(String text) throws BadValue {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new BadValue("not a path: " + e.getMessage());
        }
    }

    /** {@code always}, {@code interval}, {@code interval:MILLIS} or {@code never}, as {@link FsyncPolicy#parse} reads it. */
    static ValueType<FsyncPolicy> fsyncPolicy() {
        return new Scalar<>("always, interval, interval:MILLIS or never", text -> {
            try {
                return FsyncPolicy.parse(text);
            } catch (IllegalArgumentException e) {
                throw new BadValue(e.getMessage());
            }
        }, policy -> policy.mode() == FsyncPolicy.Mode.INTERVAL ? "interval:" + policy.interval().toMillis()
                : policy.mode().name().toLowerCase(Locale.ROOT));
    }

    /** A YAML list of {@code element}s; as text, the elements separated by commas. */
    static <T> ValueType<List<T>> listOf(ValueType<T> element) {
        return new ValueType<>() {
            @Override
            public String expected() {
                return "a list of " + element.expected();
            }

            @Override
            public List<T> fromText(String text) throws BadValue {
                List<T> values = new ArrayList<>();
                for (String item : text.split(",")) {
                    if (!item.isBlank()) {
                        values.add(element.fromText(item));
                    }
                }
                return List.copyOf(values);
            }

            @Override
            public List<T> fromYaml(Node node) throws BadValue {
                if (!(node instanceof SequenceNode sequence)) {
                    return ValueType.super.fromYaml(node);
                }
                List<T> values = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    values.add(part(element, item));
                }
                return List.copyOf(values);
            }

            @Override
            public Object toYaml(List<T> values) {
                return values.stream().map(element::toYaml).toList();
            }

            @Override
            public String toText(List<T> values) {
                return values.stream().map(element::toText).collect(Collectors.joining(","));
            }
        };
    }

    /** A YAML mapping of {@code keys} to {@code values}, in order; as text, {@code KEY=VALUE} pairs separated by commas. */
    static <V> ValueType<Map<String, V>> mapOf(ValueType<String> keys, ValueType<V> values) {
        return new ValueType<>() {
            @Override
            public String expected() {
                return "a mapping of " + keys.expected() + " to " + values.expected();
            }

            @Override
            public Map<String, V> fromText(String text) throws BadValue {
                Map<String, V> map = new LinkedHashMap<>();
                for (String pair : text.split(",")) {
                    if (pair.isBlank()) {
                        continue;
                    }
                    int eq = pair.lastIndexOf('=');
                    if (eq < 0) {
                        throw new BadValue("expected KEY=VALUE pairs separated by commas, got \"" + pair.strip() + '"');
                    }
                    put(map, keys.fromText(pair.substring(0, eq)), values.fromText(pair.substring(eq + 1)), null);
                }
                return Collections.unmodifiableMap(map);
            }

            @Override
            public Map<String, V> fromYaml(Node node) throws BadValue {
                if (!(node instanceof MappingNode mapping)) {
                    return ValueType.super.fromYaml(node);
                }
                Map<String, V> map = new LinkedHashMap<>();
                for (NodeTuple entry : mapping.getValue()) {
                    put(map, part(keys, entry.getKeyNode()), part(values, entry.getValueNode()), entry.getKeyNode());
                }
                return Collections.unmodifiableMap(map);
            }

            private void put(Map<String, V> map, String key, V value, Node at) throws BadValue {
                if (map.putIfAbsent(key, value) != null) {
                    throw new BadValue("\"" + key + "\" is given twice", at);
                }
            }

            @Override
            public Object toYaml(Map<String, V> map) {
                Map<Object, Object> yaml = new LinkedHashMap<>();
                map.forEach((k, v) -> yaml.put(keys.toYaml(k), values.toYaml(v)));
                return yaml;
            }

            @Override
            public String toText(Map<String, V> map) {
                return map.entrySet().stream().map(e -> e.getKey() + "=" + values.toText(e.getValue()))
                        .collect(Collectors.joining(","));
            }
        };
    }

    /** Reads one item of a list or mapping, so that a bad one is reported at its own line. */
    private static <T> T part(ValueType<T> type, Node item) throws BadValue {
        try {
            return type.fromYaml(item);
        } catch (BadValue e) {
            throw e.node() != null ? e : new BadValue(e.getMessage(), item);
        }
    }
}
