package io.stompede.standalone;

import java.io.IOException;
import java.util.Locale;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One configuration key: one row of the table in {@link ServerKeys} and {@link BrokerKeys}. It
 * has a dotted name ({@code limits.max-connections}), the kind of value it takes, its default and
 * a line of documentation, and it knows the builder call that applies it. A key whose default is
 * {@code null} is optional: leaving it out (or empty) means "none" ({@code tls.cert}) or "the
 * builder's own default" ({@code limits.max-memory}). Immutable.
 *
 * @param name         the dotted name, which is also the path of sections in the YAML file
 * @param type         how its values are read and written
 * @param defaultValue its value when no source sets it; {@code null} for an optional key
 * @param doc          one sentence for the sample file, {@code --print-config} and {@code --help}
 * @param apply        the builder call that takes the value, or {@code null} when the key is applied
 *                     together with others by a {@link Combined} call
 * @param secret       whether {@code --print-config} must not show the value
 * @param <T>          the Java value
 */
record Key<T>(String name, ValueType<T> type, T defaultValue, String doc, Apply<T> apply, boolean secret) {

    /** The builder call that applies one key's value. */
    interface Apply<T> {
        void to(Builders builders, T value) throws IOException;
    }

    /** A key applied on its own by {@code apply}. */
    static <T> Key<T> of(String name, ValueType<T> type, T defaultValue, String doc, Apply<T> apply) {
        return new Key<>(name, type, defaultValue, doc, apply, false);
    }

    /** A key applied by a {@link Combined} call together with others. */
    static <T> Key<T> combined(String name, ValueType<T> type, T defaultValue, String doc) {
        return new Key<>(name, type, defaultValue, doc, null, false);
    }

    /**
     * The environment variable that sets it: {@code STOMPEDE_} and the name in capitals, with
     * dots and dashes as underscores ({@code limits.max-connections} is
     * {@code STOMPEDE_LIMITS_MAX_CONNECTIONS}).
     */
    String envName() {
        return "STOMPEDE_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    boolean optional() {
        return defaultValue == null;
    }

    /** Reads the value from YAML; an empty or {@code null} value unsets an optional key. */
    T fromYaml(Node node) throws BadValue {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
            return optional() ? null : type.fromText("");
        }
        return type.fromYaml(node);
    }

    /** Reads the value from text; empty text unsets an optional key. */
    T fromText(String text) throws BadValue {
        return optional() && text.isBlank() ? null : type.fromText(text);
    }

    /** The value as YAML holds it, {@code null} for none. */
    Object toYaml(Object value) {
        return value == null ? null : type.toYaml(cast(value));
    }

    /** The value as text that {@link #fromText} reads back, empty for none. */
    String toText(Object value) {
        return value == null ? "" : type.toText(cast(value));
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return (T) value;
    }
}
