package io.stompede.standalone;

import io.stompede.standalone.Settings.Setting;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the configuration from environment variables, which override the file: each key has one,
 * {@code STOMPEDE_} and its name in capitals with dots and dashes as underscores
 * ({@code tcp.port} is {@code STOMPEDE_TCP_PORT}; see {@link Key#envName()}). Lists are
 * comma-separated, mappings {@code KEY=VALUE,KEY=VALUE}, and an empty value unsets an optional
 * key. {@code STOMPEDE_CONFIG} names the configuration file when {@code --config} does not.
 *
 * <p>A misspelt variable would otherwise be ignored in silence, so one that names no key stops
 * the start when it is in a section of the configuration ({@code STOMPEDE_LIMITS_...}) or within
 * two letters of a key's variable ({@code STOMPEDE_LIMIT_MAX_CONNECTIONS}). Other
 * {@code STOMPEDE_} variables are left to whoever reads them: the launcher's and the test
 * suites' ({@code STOMPEDE_INTEROP_REQUIRED}), which share the broker's environment.
 * Stateless.
 */
final class EnvironmentVariables {
    static final String PREFIX = "STOMPEDE_";
    /** Names the configuration file when the command line does not. */
    static final String CONFIG_FILE = "STOMPEDE_CONFIG";

    private EnvironmentVariables() {
    }

    /** The settings that {@code environment}'s {@code STOMPEDE_} variables make, in the order of their names. */
    static Map<Key<?>, Setting> read(Map<String, String> environment) throws ConfigException {
        Map<Key<?>, Setting> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(PREFIX) || name.equals(CONFIG_FILE)) {
                continue;
            }
            if (ConfigKeys.byEnvName(name).isEmpty() && !claimed(name)) {
                continue;
            }
            Origin origin = Origin.environment(name);
            Key<?> key = ConfigKeys.byEnvName(name).orElseThrow(() -> new ConfigException(origin
                    + ": no configuration key has this variable" + Spelling.suggestion(name, ConfigKeys.envNames())));
            try {
                values.put(key, new Setting(key.fromText(variable.getValue()), origin));
            } catch (BadValue e) {
                throw new ConfigException(origin, key.name(), e.getMessage());
            }
        }
        return values;
    }

    /** Whether a variable that names no key looks meant for the configuration all the same. */
    private static boolean claimed(String name) {
        return ConfigKeys.sections().stream().anyMatch(section -> name.startsWith(sectionPrefix(section)))
                || Spelling.closest(name, ConfigKeys.envNames(), 2).isPresent();
    }

    private static String sectionPrefix(String section) {
        return PREFIX + section.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }
}
