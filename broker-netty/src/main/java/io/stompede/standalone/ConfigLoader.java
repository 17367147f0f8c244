package io.stompede.standalone;

import io.stompede.standalone.Settings.Setting;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Puts the effective configuration together from its sources, each overriding the ones before:
 * the defaults, the configuration file (YAML, or the older properties file, told apart by the
 * name's ending), the {@code STOMPEDE_} environment variables, the command line. Stateless.
 */
final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * @param file        the file {@code --config} named, or {@code null} for the one
     *                    {@code STOMPEDE_CONFIG} names, if any
     * @param environment the process's environment
     * @param commandLine what the command line's options set
     */
    static Settings load(Path file, Map<String, String> environment, Map<Key<?>, Setting> commandLine)
            throws ConfigException {
        Settings settings = Settings.defaults();
        String fromEnvironment = environment.get(EnvironmentVariables.CONFIG_FILE);
        Path chosen = file != null ? file
                : fromEnvironment != null && !fromEnvironment.isBlank() ? Path.of(fromEnvironment) : null;
        if (chosen != null) {
            settings = settings.with(readFile(chosen));
        }
        return settings.with(EnvironmentVariables.read(environment)).with(commandLine);
    }

    /** Reads a YAML ({@code .yaml}, {@code .yml}) or properties ({@code .properties}) file. */
    static Map<Key<?>, Setting> readFile(Path file) throws ConfigException {
        String label = file.toString();
        String name = label.toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return YamlConfigFile.read(file, label);
            }
            if (name.endsWith(".properties")) {
                return PropertiesConfigFile.read(file, label);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(label + ": no such configuration file");
        } catch (CharacterCodingException e) {
            throw new ConfigException(label + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(label + ": cannot read it: " + e.getMessage());
        }
        throw new ConfigException(label + ": the name of a configuration file ends in .yaml, .yml or .properties");
    }
}
