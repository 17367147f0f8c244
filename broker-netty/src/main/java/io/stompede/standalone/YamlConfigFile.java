package io.stompede.standalone;

import io.stompede.standalone.Settings.Setting;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a YAML configuration file: sections of keys, nested as the keys' dotted names are
 * ({@code limits: {max-connections: 5000}} sets {@code limits.max-connections}; so does the
 * one line {@code limits.max-connections: 5000}). It reads YAML's
 * node tree rather than Java objects, so that every key and value keeps its line, and every
 * message says where: an unknown key, a value of the wrong kind, a key given twice and YAML that
 * does not parse all stop the start. YAML 1.2's core schema: {@code yes} is text, not true.
 * Stateless.
 */
final class YamlConfigFile {
    private YamlConfigFile() {
    }

    /** Reads {@code file} (UTF-8), naming it {@code label} in messages and origins. */
    static Map<Key<?>, Setting> read(Path file, String label) throws ConfigException, IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, label);
        }
    }

    /** Reads YAML text, such as what {@code --print-config} printed. */
    static Map<Key<?>, Setting> parse(String yaml, String label) throws ConfigException {
        return read(new StringReader(yaml), label);
    }

    private static Map<Key<?>, Setting> read(Reader reader, String label) throws ConfigException {
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(label).setSchema(new CoreSchema())
                    .setUseMarks(true).build();
            root = new Compose(settings).composeReader(reader);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new ConfigException(Origin.file(label, line) + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException(label + ": not valid YAML: " + e.getMessage());
        }
        Map<Key<?>, Setting> values = new LinkedHashMap<>();
        if (root.isEmpty() || isNull(root.get())) {
            return values;
        }
        if (!(root.get() instanceof MappingNode sections)) {
            throw new ConfigException(origin(label, root.get())
                    + ": expected sections of keys such as 'tcp:' and 'limits:', got " + ValueType.describe(root.get()));
        }
        readSection(sections, "", label, values);
        return values;
    }

    private static void readSection(MappingNode section, String prefix, String label, Map<Key<?>, Setting> values)
            throws ConfigException {
        Set<String> seen = new HashSet<>();
        for (NodeTuple entry : section.getValue()) {
            Node keyNode = entry.getKeyNode();
            Node valueNode = entry.getValueNode();
            if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                throw new ConfigException(origin(label, keyNode) + ": expected a key name, got "
                        + ValueType.describe(keyNode));
            }
            String name = prefix + scalar.getValue();
            if (!seen.add(name)) {
                throw new ConfigException(origin(label, keyNode), name, "given twice");
            }
            Optional<Key<?>> key = ConfigKeys.byName(name);
            if (key.isPresent() && values.containsKey(key.get())) {
                throw new ConfigException(origin(label, keyNode), name, "given twice");
            } else if (key.isPresent()) {
                values.put(key.get(), new Setting(value(key.get(), valueNode, label), origin(label, valueNode)));
            } else if (ConfigKeys.isSection(name) && valueNode instanceof MappingNode subsection) {
                readSection(subsection, name + ".", label, values);
            } else if (ConfigKeys.isSection(name) && !isNull(valueNode)) {
                throw new ConfigException(origin(label, valueNode), name,
                        "expected a section of keys, got " + ValueType.describe(valueNode));
            } else if (!ConfigKeys.isSection(name)) {
                throw new ConfigException(origin(label, keyNode), name,
                        "unknown key" + Spelling.suggestion(name, ConfigKeys.names()));
            }
        }
    }

    private static Object value(Key<?> key, Node node, String label) throws ConfigException {
        try {
            return key.fromYaml(node);
        } catch (BadValue e) {
            throw new ConfigException(origin(label, e.node() != null ? e.node() : node), key.name(), e.getMessage());
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private static Origin origin(String label, Node node) {
        return Origin.file(label, node.getStartMark().map(m -> m.getLine() + 1).orElse(0));
    }
}
