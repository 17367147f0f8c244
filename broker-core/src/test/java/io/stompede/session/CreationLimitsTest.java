package io.stompede.session;

import static io.stompede.session.Clients.WAIT;
import static io.stompede.session.Clients.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.admin.DestinationSummary;
import io.stompede.admin.PrincipalSummary;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.store.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one principal may create that outlives it: durable subscriptions and queues, bounded in
 * total and per principal, and queues forgotten once idle.
 */
class CreationLimitsTest {
    private final VirtualClock clock = new VirtualClock();

    @TempDir
    Path dataDir;

    private InMemoryConnection connect(Broker broker, String login) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        Headers headers = login == null ? Headers.of("accept-version", "1.2", "host", "localhost")
                : Headers.of("accept-version", "1.2", "host", "localhost", "login", login);
        assertThat(client.connect(headers).command()).isEqualTo(Command.CONNECTED);
        return client;
    }

    private static void durableSubscribe(InMemoryConnection client, String id) {
        client.send(Command.SUBSCRIBE, "id", id, "destination", "/topic/feed", "durable", "true", "auto-delete", "false");
    }

    private static Frame refusal(InMemoryConnection client, String message) {
        Frame frame = client.nextFrame();
        assertThat(frame).as("an ERROR").isNotNull();
        assertThat(frame.command()).isEqualTo(Command.ERROR);
        assertThat(frame.header("message")).isEqualTo(message);
        assertThat(client.isClosed()).isTrue();
        return frame;
    }

    private static long durableCount(Broker broker) {
        return broker.destinations().stream().filter(d -> d.kind() == DestinationSummary.Kind.DURABLE_SUBSCRIPTION).count();
    }

    @Test
    @DisplayName("clients with no login share a low cap on durable subscriptions; the one past it gets ERROR 'too many durable subscriptions'")
    void anonymousDurableSubscriptionsAreCapped() {
        Broker broker = Broker.builder().build();
        InMemoryConnection anonymous = connect(broker, null);
        for (int i = 0; i < Broker.builder().config().maxAnonymousDurableSubscriptions(); i++) {
            durableSubscribe(anonymous, "s" + i);
        }
        assertThat(anonymous.frames()).isEmpty();
        durableSubscribe(anonymous, "one-more");
        Frame refused = refusal(anonymous, "too many durable subscriptions");
        assertThat(refused.bodyAsString()).contains("without a login");

        InMemoryConnection another = connect(broker, null);
        durableSubscribe(another, "x");
        refusal(another, "too many durable subscriptions");
        assertThat(durableCount(broker)).isEqualTo(10);

        broker.publish("/topic/feed", "stored ten times, not more").join();
        InMemoryConnection named = connect(broker, "ann");
        durableSubscribe(named, "mine");
        assertThat(named.frames()).as("a principal of its own has its own cap").isEmpty();
    }

    @Test
    @DisplayName("per principal and in total; deleting one makes room; a restart counts RabbitMQ-named ones for their login")
    void perPrincipalAndTotal() {
        Broker first = Broker.builder().dataDirectory(dataDir, FsyncPolicy.never()).durableSubscriptionLimits(3, 2, 0).build();
        InMemoryConnection ann = connect(first, "ann");
        durableSubscribe(ann, "a1");
        durableSubscribe(ann, "a2");
        durableSubscribe(ann, "a3");
        assertThat(refusal(ann, "too many durable subscriptions").bodyAsString()).contains("at most 2");

        InMemoryConnection bob = connect(first, "bob");
        durableSubscribe(bob, "b1");
        durableSubscribe(bob, "b2");
        assertThat(refusal(bob, "too many durable subscriptions").bodyAsString()).contains("maximum of 3");

        InMemoryConnection anonymous = connect(first, null);
        durableSubscribe(anonymous, "z");
        refusal(anonymous, "too many durable subscriptions");

        assertThat(first.deleteDurableSubscription("login:bob:b1")).isTrue();
        InMemoryConnection bobAgain = connect(first, "bob");
        durableSubscribe(bobAgain, "b2");
        assertThat(bobAgain.frames()).isEmpty();
        first.close();

        Broker second = Broker.builder().dataDirectory(dataDir, FsyncPolicy.never()).durableSubscriptionLimits(10, 2, 0).build();
        InMemoryConnection annBack = connect(second, "ann");
        durableSubscribe(annBack, "a1");
        assertThat(annBack.frames()).as("her own, restored").isEmpty();
        durableSubscribe(annBack, "a3");
        refusal(annBack, "too many durable subscriptions");
        second.close();
    }

    @Test
    @DisplayName("a principal may create so many queues, the broker so many in all; existing queues stay open to everyone")
    void queuesArePerPrincipalAndInTotal() {
        Broker broker = Broker.builder().queueLimits(5, 3).build();
        InMemoryConnection ann = connect(broker, "ann");
        for (int i = 0; i < 3; i++) {
            ann.sendWithBody(Command.SEND, "m", "destination", "/queue/ann-" + i);
        }
        ann.sendWithBody(Command.SEND, "m", "destination", "/queue/ann-3");
        assertThat(refusal(ann, "too many queues").bodyAsString()).contains("at most 3");

        InMemoryConnection bob = connect(broker, "bob");
        bob.sendWithBody(Command.SEND, "m", "destination", "/queue/ann-0");
        bob.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/bob-0");
        bob.sendWithBody(Command.SEND, "m", "destination", "/queue/bob-1");
        assertThat(bob.frames()).as("ann's queue is there for anyone; bob made two").isEmpty();
        bob.send(Command.SUBSCRIBE, "id", "t", "destination", "/queue/bob-2");
        assertThat(refusal(bob, "too many queues").bodyAsString()).contains("maximum of 5");
        assertThat(broker.stats().queueDepths()).hasSize(5);
    }

    @Test
    @DisplayName("an empty queue with no consumer is forgotten after the idle timeout, and stops counting; one holding messages or consumers stays")
    void idleQueuesAreReclaimed() {
        Broker broker = Broker.builder().idleDestinationTimeout(Duration.ofMillis(50)).queueLimits(1000, 3).build();
        InMemoryConnection ann = connect(broker, "ann");
        ann.send(Command.SUBSCRIBE, "id", "s", "destination", "/queue/used");
        ann.sendWithBody(Command.SEND, "hello", "destination", "/queue/used");
        message(ann, "hello");
        ann.send(Command.UNSUBSCRIBE, "id", "s");
        ann.sendWithBody(Command.SEND, "waiting", "destination", "/queue/holding");
        ann.send(Command.SUBSCRIBE, "id", "c", "destination", "/queue/consumed");

        await().atMost(WAIT).until(() -> !broker.stats().queueDepths().containsKey("/queue/used"));
        assertThat(broker.stats().queueDepths()).containsOnlyKeys("/queue/holding", "/queue/consumed");

        ann.sendWithBody(Command.SEND, "new", "destination", "/queue/fresh");
        assertThat(ann.frames()).as("the forgotten queue no longer counts toward ann's three").isEmpty();

        InMemoryConnection consumer = connect(broker, "bob");
        consumer.send(Command.SUBSCRIBE, "id", "h", "destination", "/queue/holding");
        message(consumer, "waiting");
    }

    @Test
    @DisplayName("20,000 SENDs to distinct queues, each consumed, leave no queue behind")
    void distinctQueueNamesDoNotAccumulate() {
        Broker broker = Broker.builder().idleDestinationTimeout(Duration.ofMillis(50)).build();
        InMemoryConnection client = connect(broker, "many");
        for (int i = 0; i < 20_000; i++) {
            String queue = "/queue/reply-" + i;
            client.send(Command.SUBSCRIBE, "id", "r", "destination", queue);
            client.sendWithBody(Command.SEND, "x", "destination", queue);
            client.send(Command.UNSUBSCRIBE, "id", "r");
        }
        assertThat(client.frames()).hasSize(20_000);
        await().atMost(WAIT).untilAsserted(() -> assertThat(broker.stats().queueDepths()).isEmpty());
        List<DestinationSummary> left = broker.destinations();
        assertThat(left).isEmpty();
    }

    @Test
    @DisplayName("principals() sums what each principal's sessions hold, and counts what it created, anonymous clients by address")
    void principalsShowWhoHoldsWhat() {
        Broker broker = Broker.builder().build();
        InMemoryConnection ann = connect(broker, "ann");
        ann.sendWithBody(Command.SEND, "a", "destination", "/queue/ann-1");
        ann.sendWithBody(Command.SEND, "b", "destination", "/queue/ann-2");
        durableSubscribe(ann, "d");
        ann.send(Command.BEGIN, "transaction", "tx");
        ann.sendWithBody(Command.SEND, "x".repeat(10_000), "destination", "/queue/ann-1", "transaction", "tx");
        InMemoryConnection annAgain = connect(broker, "ann");
        InMemoryConnection anonymous = connect(broker, null);
        anonymous.sendWithBody(Command.SEND, "c", "destination", "/queue/anon");
        assertThat(ann.frames()).isEmpty();

        List<PrincipalSummary> principals = broker.principals().join();
        assertThat(principals).extracting(PrincipalSummary::name).containsExactly("ann", "anonymous@127.0.0.1");
        PrincipalSummary annSummary = principals.get(0);
        assertThat(annSummary.sessions()).isEqualTo(2);
        assertThat(annSummary.queuesCreated()).isEqualTo(2);
        assertThat(annSummary.durableSubscriptions()).isEqualTo(1);
        assertThat(annSummary.transactionBytes()).isGreaterThan(10_000);
        assertThat(annSummary.heldBytes()).isEqualTo(annSummary.transactionBytes());
        assertThat(principals.get(1).queuesCreated()).isEqualTo(1);
        annAgain.disconnectAbruptly();
    }
}
