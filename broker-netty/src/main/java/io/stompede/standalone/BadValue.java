package io.stompede.standalone;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A configuration value that cannot be used, with the reason only ({@code expected a whole
 * number, got "lots"}); whoever read the value adds where it came from and which key it was
 * for, making a {@link ConfigException}. Checked, so that no reader forgets to locate it.
 */
final class BadValue extends Exception {
    private final transient Node node;

    BadValue(String reason) {
        this(reason, null);
    }

    /** The same about one item of a YAML list or mapping, so that its own line is reported. */
    BadValue(String reason, Node node) {
        super(reason, null, false, false);
        this.node = node;
    }

    /** The YAML node at fault when it is a part of the value, else {@code null}. */
    Node node() {
        return node;
    }
}
