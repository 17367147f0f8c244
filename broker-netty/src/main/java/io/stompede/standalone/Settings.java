package io.stompede.standalone;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration: a value for every key, and where it came from. Built in layers,
 * lowest first (the defaults, then the file, the environment, the command line), each
 * {@link #with} replacing the values it sets. Immutable.
 */
final class Settings {
    /** One key's value and its origin. */
    record Setting(Object value, Origin origin) {
    }

    private final Map<Key<?>, Setting> values;

    private Settings(Map<Key<?>, Setting> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Every key of {@link ConfigKeys#ALL} at its default. */
    static Settings defaults() {
        return defaults(ConfigKeys.ALL);
    }

    /** Every key of {@code keys} at its default. */
    static Settings defaults(List<Key<?>> keys) {
        Map<Key<?>, Setting> values = new LinkedHashMap<>();
        keys.forEach(key -> values.put(key, new Setting(key.defaultValue(), Origin.DEFAULT)));
        return new Settings(values);
    }

    /** These settings with {@code layer}'s values in place of their own. */
    Settings with(Map<Key<?>, Setting> layer) {
        Map<Key<?>, Setting> merged = new LinkedHashMap<>(values);
        layer.forEach((key, setting) -> {
            if (!merged.containsKey(key)) {
                throw new IllegalArgumentException("not a key of these settings: " + key.name());
            }
            merged.put(key, setting);
        });
        return new Settings(merged);
    }

    /** The keys, in table order. */
    List<Key<?>> keys() {
        return List.copyOf(values.keySet());
    }

    <T> T get(Key<T> key) {
        return key.cast(setting(key).value());
    }

    Origin origin(Key<?> key) {
        return setting(key).origin();
    }

    private Setting setting(Key<?> key) {
        Setting setting = values.get(key);
        if (setting == null) {
            throw new IllegalArgumentException("not a key of these settings: " + key.name());
        }
        return setting;
    }
}
