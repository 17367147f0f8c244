package io.stompede.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Applies settings to a new broker builder, server builder and (when it is on) admin endpoint builder: each key's own builder call,
 * then the calls that take several keys. Whatever a builder refuses is reported at the key (or
 * the first of the keys) the setting came from, so that a bad combination found only by the
 * builder still points at the line to fix. Nothing is started or opened here: the users and
 * access rules files are read, the journal and the listeners are not. Stateless.
 */
final class BrokerAssembly {
    private BrokerAssembly() {
    }

    /** Builders configured with {@code settings}, the broker's validated; the server still needs its broker. */
    static Builders apply(Settings settings) throws ConfigException {
        Builders builders = new Builders();
        for (Key<?> key : settings.keys()) {
            if (key.apply() != null) {
                call(settings, List.of(key), () -> applyOne(key, builders, settings));
            }
        }
        for (Combined combined : ConfigKeys.COMBINED) {
            call(settings, combined.keys(), () -> combined.call().to(builders, settings));
        }
        try {
            builders.broker().config();
            builders.broker().durability();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the configuration: " + e.getMessage());
        }
        return builders;
    }

    private static <T> void applyOne(Key<T> key, Builders builders, Settings settings) throws IOException {
        key.apply().to(builders, settings.get(key));
    }

    private interface BuilderCall {
        void run() throws IOException;
    }

    private static void call(Settings settings, List<Key<?>> keys, BuilderCall call) throws ConfigException {
        try {
            call.run();
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            Key<?> at = keys.stream().filter(k -> !settings.origin(k).isDefault()).findFirst().orElse(keys.get(0));
            throw new ConfigException(settings.origin(at), at.name(), e.getMessage());
        }
    }
}
