package io.stompede.standalone;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every configuration key, in the order the sample file and {@code --print-config} list them,
 * with lookups by name and by environment variable, and every builder call that takes several
 * keys. Refuses at class load a table in which two keys share a name or a variable. Immutable.
 */
final class ConfigKeys {
    /** Every key: the transport's first, then the broker's, security's, session resume's, the cluster's and the admin endpoint's. */
    static final List<Key<?>> ALL = concat(concat(concat(concat(concat(ServerKeys.KEYS, BrokerKeys.KEYS), SecurityKeys.KEYS),
            ResumeKeys.KEYS), ClusterKeys.KEYS), AdminKeys.KEYS);
    /** Every builder call that takes several keys. */
    static final List<Combined> COMBINED = concat(concat(concat(concat(concat(ServerKeys.COMBINED, BrokerKeys.COMBINED),
            SecurityKeys.COMBINED), ResumeKeys.COMBINED), ClusterKeys.COMBINED), AdminKeys.COMBINED);

    private static final Map<String, Key<?>> BY_NAME = index(ALL, false);
    private static final Map<String, Key<?>> BY_ENV_NAME = index(ALL, true);

    private ConfigKeys() {
    }

    static Optional<Key<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static Optional<Key<?>> byEnvName(String variable) {
        return Optional.ofNullable(BY_ENV_NAME.get(variable));
    }

    /** Whether {@code name} is a section (such as {@code tls} or {@code tcp.tls}) that holds keys. */
    static boolean isSection(String name) {
        return BY_NAME.keySet().stream().anyMatch(k -> k.startsWith(name + "."));
    }

    /** The top-level sections, such as {@code tcp} and {@code limits}. */
    static Set<String> sections() {
        Set<String> sections = new LinkedHashSet<>();
        BY_NAME.keySet().forEach(name -> sections.add(name.substring(0, name.indexOf('.'))));
        return sections;
    }

    static Collection<String> names() {
        return BY_NAME.keySet();
    }

    static Collection<String> envNames() {
        return BY_ENV_NAME.keySet();
    }

    private static Map<String, Key<?>> index(List<Key<?>> keys, boolean byEnv) {
        Map<String, Key<?>> index = new LinkedHashMap<>();
        for (Key<?> key : keys) {
            String name = byEnv ? key.envName() : key.name();
            if (index.put(name, key) != null) {
                throw new IllegalStateException("two configuration keys are both " + name);
            }
        }
        return index;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
