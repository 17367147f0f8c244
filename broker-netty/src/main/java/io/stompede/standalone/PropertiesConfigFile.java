package io.stompede.standalone;

import io.stompede.standalone.Settings.Setting;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the older configuration file, a properties file ({@code --config broker.properties}):
 * keys are the command line options' long names without dashes ({@code tcp-port=61613}), as
 * before the YAML file, or any key of the YAML file by its dotted name
 * ({@code limits.max-queue-depth=5000}). Values are read as environment variables are, and an
 * unknown key or a bad value stops the start with its line. Stateless.
 */
final class PropertiesConfigFile {
    private PropertiesConfigFile() {
    }

    static Map<Key<?>, Setting> read(Path file, String label) throws ConfigException, IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Properties properties = new Properties();
        properties.load(new StringReader(String.join("\n", lines)));
        List<String> names = new ArrayList<>(properties.stringPropertyNames());
        names.sort(Comparator.comparingInt((String name) -> lineOf(lines, name)).thenComparing(name -> name));
        Map<Key<?>, Setting> values = new LinkedHashMap<>();
        for (String name : names) {
            Origin origin = Origin.file(label, lineOf(lines, name));
            Key<?> key = keyNamed(name).orElseThrow(() -> new ConfigException(origin, name,
                    "unknown key" + Spelling.suggestion(name, knownNames())));
            if (values.containsKey(key)) {
                throw new ConfigException(origin, name, "sets " + key.name() + ", which an earlier line set");
            }
            try {
                values.put(key, new Setting(key.fromText(properties.getProperty(name)), origin));
            } catch (BadValue e) {
                throw new ConfigException(origin, name, e.getMessage());
            }
        }
        return values;
    }

    private static Optional<Key<?>> keyNamed(String name) {
        return ConfigKeys.byName(name).or(() -> CommandLineOptions.byName("--" + name).map(CommandLineOptions.Option::key));
    }

    private static Set<String> knownNames() {
        Set<String> names = new TreeSet<>(ConfigKeys.names());
        CommandLineOptions.OPTIONS.forEach(option -> names.add(option.name().substring(2)));
        return names;
    }

    /** The line (from 1) where {@code name} is set, or 0 if it cannot be told (a key split over lines). */
    private static int lineOf(List<String> lines, String name) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.startsWith(name) && (line.length() == name.length()
                    || "=: \t".indexOf(line.charAt(name.length())) >= 0)) {
                return i + 1;
            }
        }
        return 0;
    }
}
