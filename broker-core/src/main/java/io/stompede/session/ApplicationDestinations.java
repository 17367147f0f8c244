package io.stompede.session;

import io.stompede.application.ApplicationHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The application handlers by destination prefix; the longest matching prefix wins. Immutable. */
public final class ApplicationDestinations {
    private final List<Map.Entry<String, ApplicationHandler>> byPrefix;

    /** The handlers by prefix, sorted once, longest first, so that each lookup takes the first match. */
    public ApplicationDestinations(Map<String, ApplicationHandler> handlers) {
        List<Map.Entry<String, ApplicationHandler>> entries = new ArrayList<>(handlers.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<String, ApplicationHandler> e) -> e.getKey().length()).reversed());
        this.byPrefix = List.copyOf(entries);
    }

    /** The handler for {@code destination}, or {@code null} when it is not an application destination. */
    ApplicationHandler find(String destination) {
        for (Map.Entry<String, ApplicationHandler> entry : byPrefix) {
            if (destination.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }
}
