package io.stompede.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.Subscription;
import io.stompede.application.SessionInfo;
import io.stompede.frame.StompVersion;
import io.stompede.security.StompPrincipal;
import io.stompede.transport.ConnectionInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Presence on a broker of its own: what it tells the other instances, and how often. */
@Timeout(30)
class ChatPresenceTest {
    @Test
    void aStormOfSubscriptionsMakesAFewSnapshotsNotOneEachAndTheLastHasEveryone() {
        int users = 500;
        Broker broker = Broker.builder().build();
        // A refresh far off: every snapshot seen here is one that a change made.
        try (Presence presence = new Presence("chat-1", new ChatEvents(Clock.systemUTC()), Clock.systemUTC(),
                Duration.ofMinutes(10))) {
            List<Presence.Snapshot> snapshots = new CopyOnWriteArrayList<>();
            try (Subscription heard = broker.subscribe(ChatDestinations.PRESENCE,
                    message -> snapshots.add(ChatJson.read(message.sharedBody(), Presence.Snapshot.class)))) {
                presence.start(broker);
                long started = System.nanoTime();

                for (int i = 0; i < users; i++) {
                    presence.subscribed(session("user-" + i), ChatDestinations.room(1));
                }

                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !snapshots.isEmpty()
                        && snapshots.get(snapshots.size() - 1).rooms().getOrDefault(1L, Set.of()).size() == users);
                long intervals = Duration.ofNanos(System.nanoTime() - started).dividedBy(Presence.PUBLISH_INTERVAL);
                assertThat(snapshots.size()).as("one at once, then at most one per interval")
                        .isLessThanOrEqualTo((int) intervals + 2);
            }
        } finally {
            broker.close();
        }
    }

    private static SessionInfo session(String user) {
        return new SessionInfo() {
            @Override
            public String id() {
                return "session-" + user;
            }

            @Override
            public StompPrincipal principal() {
                return StompPrincipal.named(user);
            }

            @Override
            public StompVersion version() {
                return StompVersion.V1_2;
            }

            @Override
            public ConnectionInfo connection() {
                return null;
            }
        };
    }
}
