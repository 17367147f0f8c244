package io.stompede.standalone;

import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes settings as a YAML configuration file that reads back to the same settings: every key
 * in table order, grouped in its sections, each under a comment that says what it means and
 * which environment variable sets it, and each value that is not the default followed by where
 * it came from. {@code --print-config} prints this; the repository's sample {@code stompede.yaml}
 * was made with it. A secret key's value is never written. Stateless.
 */
final class ConfigPrinter {
    private static final Dump SCALARS = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.FLOW)
            .setSplitLines(false).setWidth(Integer.MAX_VALUE).build());

    private static final int WIDTH = 100;

    private ConfigPrinter() {
    }

    /** The settings as YAML, after {@code header} (comment lines, without their {@code #}). */
    static String print(Settings settings, String header) {
        StringBuilder out = new StringBuilder();
        header.lines().forEach(line -> out.append(("# " + line).strip()).append('\n'));
        print(tree(settings), settings, "", out);
        return out.toString();
    }

    /** One value as YAML writes it on one line: {@code 10s}, {@code '1.0'}, {@code [a, b]}, {@code null}. */
    static String yaml(Key<?> key, Object value) {
        Object yaml = key.toYaml(value);
        return yaml == null ? "null" : SCALARS.dumpToString(yaml).strip();
    }

    /** The keys' names as nested sections: a map of section names to maps, and of last names to keys. */
    private static Map<String, Object> tree(Settings settings) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Key<?> key : settings.keys()) {
            String[] parts = key.name().split("\\.");
            Map<String, Object> section = root;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) section.computeIfAbsent(parts[i],
                        name -> new LinkedHashMap<String, Object>());
                section = next;
            }
            section.put(parts[parts.length - 1], key);
        }
        return root;
    }

    private static void print(Map<String, Object> section, Settings settings, String indent, StringBuilder out) {
        for (Map.Entry<String, Object> entry : section.entrySet()) {
            if (entry.getValue() instanceof Key<?> key) {
                printKey(entry.getKey(), key, settings, indent, out);
            } else {
                if (indent.isEmpty()) {
                    out.append('\n');
                }
                out.append(indent).append(entry.getKey()).append(":\n");
                @SuppressWarnings("unchecked")
                Map<String, Object> subsection = (Map<String, Object>) entry.getValue();
                print(subsection, settings, indent + "  ", out);
            }
        }
    }

    /** Writes {@code text} as comment lines of at most about {@value #WIDTH} characters. */
    private static void comment(String text, String indent, StringBuilder out) {
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && indent.length() + 2 + line.length() + 1 + word.length() > WIDTH) {
                out.append(indent).append("# ").append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        out.append(indent).append("# ").append(line).append('\n');
    }

    private static void printKey(String name, Key<?> key, Settings settings, String indent, StringBuilder out) {
        comment(key.doc() + " [" + key.envName() + "]", indent, out);
        Object value = settings.get(key);
        Origin origin = settings.origin(key);
        out.append(indent).append(name).append(": ");
        if (key.secret() && value != null) {
            out.append("null  # set by ").append(origin).append(", not shown");
        } else {
            out.append(yaml(key, value));
            if (!origin.isDefault()) {
                out.append("  # ").append(origin);
            }
        }
        out.append('\n');
    }
}
