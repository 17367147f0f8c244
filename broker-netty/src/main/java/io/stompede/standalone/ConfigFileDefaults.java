package io.stompede.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option defaults from a properties file whose keys are the options' long names without
 * the dashes ({@code tcp-port=61613}), so that the command line still overrides the file.
 * Immutable once loaded.
 */
final class ConfigFileDefaults implements IDefaultValueProvider {
    private final Properties properties;

    private ConfigFileDefaults(Properties properties) {
        this.properties = properties;
    }

    /**
     * Reads {@code file} (UTF-8) and checks that every key names one of {@code allowedKeys}: a
     * misspelt key would otherwise be silently ignored and the broker run with a default the
     * operator thought they had changed.
     */
    static ConfigFileDefaults load(Path file, Set<String> allowedKeys) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(allowedKeys);
        if (!unknown.isEmpty()) {
            throw new IOException(file + ": unknown option(s) " + unknown + "; known: " + new TreeSet<>(allowedKeys));
        }
        return new ConfigFileDefaults(properties);
    }

    /** The key an option has in the file: its longest name without leading dashes. */
    static String keyOf(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            String value = properties.getProperty(keyOf(option));
            return value == null ? null : value.trim();
        }
        return null;
    }
}
