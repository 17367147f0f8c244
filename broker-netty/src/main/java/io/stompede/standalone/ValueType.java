package io.stompede.standalone;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One kind of configuration value (a port, a duration, a list of origins): how it is read from a
 * YAML node and from text (an environment variable, an option, a properties file), and how it is
 * written back as YAML. Each kind is read the same way from every source, so a value means the
 * same thing wherever it is given. Implementations are immutable; see {@link ValueTypes}.
 *
 * @param <T> the Java value a builder call takes
 */
interface ValueType<T> {
    /** What a good value looks like, for messages: {@code a whole number from 1 to 65535}. */
    String expected();

    /** Reads a value written as text; never given {@code null}. */
    T fromText(String text) throws BadValue;

    /** Reads a value from YAML: a scalar's text by default; lists and maps override this. */
    default T fromYaml(Node node) throws BadValue {
        if (node instanceof ScalarNode scalar) {
            return fromText(scalar.getValue());
        }
        throw new BadValue("expected " + expected() + ", got " + describe(node));
    }

    /** The value as YAML holds it: a String, Number, Boolean, List or Map of those. */
    Object toYaml(T value);

    /** The value as text that {@link #fromText} reads back. */
    default String toText(T value) {
        return String.valueOf(toYaml(value));
    }

    /** How a node that is not what was expected is named in a message. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping of keys";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return '"' + ((ScalarNode) node).getValue() + '"';
    }
}
