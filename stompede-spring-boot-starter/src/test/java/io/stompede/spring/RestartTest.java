package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.spring.Clients.Inbox;
import io.stompede.spring.Clients.Receipts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

/** What the application was sent before it stopped, with a data directory, is there when it starts again. */
@DisplayName("The starter with stompede.journal.data-dir, across a restart of the application")
class RestartTest {
    @TempDir
    Path data;

    private Map<String, String> properties() {
        return Map.of("stompede.journal.data-dir", data.toString(),
                "stompede.durability.durable-queues", "/queue/**",
                "stompede.durability.history.[/topic/news.**]", "10");
    }

    @Test
    @DisplayName("a queue message and a history topic's messages sent before the restart are delivered after it")
    void messagesOutliveTheApplication() throws Exception {
        try (Instance before = Instance.start(properties()); Clients clients = new Clients()) {
            StompSession sender = clients.connect(before.url("alice"));
            Receipts stored = new Receipts();
            sender.send("/queue/jobs", "job sent before the restart").addReceiptTask(stored::received);
            stored.await();
            Receipts retained = new Receipts();
            sender.send("/topic/news.eu", "headline before the restart").addReceiptTask(retained::received);
            retained.await();
        }

        try (Instance after = Instance.start(properties()); Clients clients = new Clients()) {
            StompSession session = clients.connect(after.url("bob"));
            Inbox jobs = Clients.subscribe(session, "/queue/jobs");
            assertThat(jobs.nextText()).isEqualTo("job sent before the restart");

            StompHeaders history = new StompHeaders();
            history.setDestination("/topic/news.eu");
            history.set("x-history", "10");
            Inbox news = Clients.subscribe(session, history);
            assertThat(news.nextText()).isEqualTo("headline before the restart");
        }
    }
}
