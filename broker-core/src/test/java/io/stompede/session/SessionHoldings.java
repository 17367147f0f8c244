package io.stompede.session;

import io.stompede.Broker;
import io.stompede.admin.SessionSummary;
import io.stompede.inmemory.InMemoryConnection;
import java.util.concurrent.TimeUnit;

/** What one in-memory client's session holds, as the broker's admin view reports it. */
final class SessionHoldings {
    private SessionHoldings() {
    }

    static SessionSummary of(Broker broker, InMemoryConnection client) {
        String id = client.session().id();
        try {
            return broker.sessions().get(5, TimeUnit.SECONDS).stream()
                    .filter(summary -> summary.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no session " + id));
        } catch (Exception e) {
            throw new AssertionError("the sessions did not answer", e);
        }
    }
}
