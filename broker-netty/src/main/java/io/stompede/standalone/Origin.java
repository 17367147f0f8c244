package io.stompede.standalone;

/**
 * Where a setting came from, as messages and {@code --print-config} name it: the defaults, a
 * line of a file ({@code stompede.yaml:12}), an environment variable or a command line option.
 * Immutable.
 *
 * @param where the place, ready to start a message
 * @param kind  which layer it is, in order of precedence
 */
record Origin(String where, Kind kind) {
    /** The layers, lowest precedence first. */
    enum Kind { DEFAULT, FILE, ENVIRONMENT, COMMAND_LINE }

    static final Origin DEFAULT = new Origin("defaults", Kind.DEFAULT);

    static Origin file(String file, int line) {
        return new Origin(line > 0 ? file + ":" + line : file, Kind.FILE);
    }

    static Origin environment(String variable) {
        return new Origin("environment variable " + variable, Kind.ENVIRONMENT);
    }

    static Origin option(String option) {
        return new Origin("option " + option, Kind.COMMAND_LINE);
    }

    boolean isDefault() {
        return kind == Kind.DEFAULT;
    }

    @Override
    public String toString() {
        return where;
    }
}
