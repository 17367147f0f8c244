package io.stompede.security;

import java.util.LinkedHashSet;
import java.util.Set;

/** The rules for user and group names in the users and access rules files. Stateless. */
final class Names {
    private static final int MAX_LENGTH = 256;

    private Names() {
    }

    /**
     * Returns {@code name} if it can be written in the files: not empty, at most 256 chars, no
     * white space, comma, colon or control character (which separate fields).
     */
    static String check(String name, String what) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a " + what + " has 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == ',' || c == ':') {
                throw new IllegalArgumentException("a " + what + " may not contain white space, ',' or ':': '"
                        + name + "'");
            }
        }
        return name;
    }

    /** A comma-separated list of names, each checked. */
    static Set<String> list(String commaSeparated, String what) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : commaSeparated.split(",", -1)) {
            names.add(check(name, what));
        }
        return names;
    }
}
