package io.stompede.standalone;

import io.stompede.standalone.Settings.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line's options that set one configuration key each ({@code --tcp-port} sets
 * {@code tcp.port}), the ones the broker had before its configuration file, and
 * {@code --set KEY=VALUE} for every other key. Their help text is the key's documentation and
 * default, so that it cannot disagree with the file. The command line overrides the environment
 * and the file. Immutable.
 */
final class CommandLineOptions {
    /** The option that sets any key by name. */
    static final String SET = "--set";

    /**
     * One option and the key it sets.
     *
     * @param name  the long name, with its dashes
     * @param label the value's name in the help, or {@code null} for a flag
     * @param key   the key it sets
     */
    record Option(String name, String label, Key<?> key) {
    }

    static final List<Option> OPTIONS = List.of(
            new Option("--tcp-port", "PORT", ServerKeys.TCP_PORT),
            new Option("--ws-port", "PORT", ServerKeys.WS_PORT),
            new Option("--ws-path", "PATH", ServerKeys.WS_PATH),
            new Option("--bind", "HOST", ServerKeys.BIND),
            new Option("--tls-cert", "FILE", ServerKeys.SHARED_TLS.cert()),
            new Option("--tls-key", "FILE", ServerKeys.SHARED_TLS.key()),
            new Option("--data-dir", "DIR", BrokerKeys.DATA_DIR),
            new Option("--fsync", "POLICY", BrokerKeys.FSYNC),
            new Option("--users", "FILE", BrokerKeys.USERS),
            new Option("--allow-anonymous", null, BrokerKeys.ALLOW_ANONYMOUS),
            new Option("--acl", "FILE", BrokerKeys.ACL),
            new Option("--tls-ciphers", "SUITE", ServerKeys.SHARED_TLS.ciphers()),
            new Option("--tls-client-auth", "MODE", ServerKeys.SHARED_TLS.clientAuth()),
            new Option("--tls-ca", "FILE", ServerKeys.SHARED_TLS.ca()),
            new Option("--allowed-origins", "ORIGIN", ServerKeys.WS_ALLOWED_ORIGINS),
            new Option("--max-connections", "N", ServerKeys.MAX_CONNECTIONS),
            new Option("--max-connections-per-address", "N", ServerKeys.MAX_CONNECTIONS_PER_ADDRESS),
            new Option("--max-frames-per-second", "N", BrokerKeys.MAX_FRAMES_PER_SECOND),
            new Option("--cluster", "URI", ClusterKeys.REDIS),
            new Option("--node-id", "ID", ClusterKeys.NODE_ID),
            new Option("--admin-port", "PORT", AdminKeys.PORT));

    private CommandLineOptions() {
    }

    static Optional<Option> byName(String name) {
        return OPTIONS.stream().filter(option -> option.name().equals(name)).findFirst();
    }

    /** Adds the options to {@code spec}, with no default values: an option not given sets nothing. */
    static void addTo(CommandSpec spec) {
        for (Option option : OPTIONS) {
            Key<?> key = option.key();
            String description = key.doc() + " Sets " + key.name() + "; default: "
                    + (key.defaultValue() == null ? "none" : ConfigPrinter.yaml(key, key.defaultValue())) + ".";
            OptionSpec.Builder builder = OptionSpec.builder(option.name()).description(description);
            if (option.label() == null) {
                builder.arity("0").type(boolean.class);
            } else if (key.defaultValue() instanceof List) {
                builder.paramLabel(option.label()).type(List.class).auxiliaryTypes(String.class).splitRegex(",");
            } else {
                builder.paramLabel(option.label()).type(String.class);
            }
            spec.addOption(builder.build());
        }
    }

    /** The settings the options given make, then those of {@code --set} (in the order given). */
    static Map<Key<?>, Setting> read(ParseResult parsed, Map<String, String> sets) throws ConfigException {
        Map<Key<?>, Setting> values = new LinkedHashMap<>();
        for (Option option : OPTIONS) {
            OptionSpec matched = parsed.matchedOption(option.name());
            if (matched != null) {
                Object value = matched.getValue();
                String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value);
                put(values, option.key(), text, Origin.option(option.name()));
            }
        }
        if (sets != null) {
            for (Map.Entry<String, String> set : sets.entrySet()) {
                Origin origin = Origin.option(SET + " " + set.getKey());
                Key<?> key = ConfigKeys.byName(set.getKey()).orElseThrow(() -> new ConfigException(origin
                        + ": unknown key" + Spelling.suggestion(set.getKey(), ConfigKeys.names())));
                put(values, key, set.getValue(), origin);
            }
        }
        return values;
    }

    private static void put(Map<Key<?>, Setting> values, Key<?> key, String text, Origin origin)
            throws ConfigException {
        try {
            values.put(key, new Setting(key.fromText(text), origin));
        } catch (BadValue e) {
            throw new ConfigException(origin, key.name(), e.getMessage());
        }
    }
}
