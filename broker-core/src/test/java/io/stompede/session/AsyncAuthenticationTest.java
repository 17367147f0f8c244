package io.stompede.session;

import static io.stompede.session.Clients.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.security.StompPrincipal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Authentication answered later, off the session's thread: what the session does with the frames
 * that arrive meanwhile, with a client that leaves or an answer that never comes, and with more
 * logins than the workers take.
 */
class AsyncAuthenticationTest {
    private final VirtualClock clock = new VirtualClock();
    /** The answer for login "slow", completed by the test; every other login is accepted at once. */
    private final CompletableFuture<Optional<StompPrincipal>> slowAnswer = new CompletableFuture<>();
    private final Broker broker = Broker.builder()
            .authenticator((request, workers) -> "slow".equals(request.login())
                    ? slowAnswer
                    : CompletableFuture.completedFuture(Optional.of(StompPrincipal.named("quick"))))
            .build();

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    private static byte[] connectAs(String login, String... moreFrames) {
        StringBuilder text = new StringBuilder("CONNECT\naccept-version:1.2\nlogin:" + login + "\npasscode:x\n\n\0");
        for (String frame : moreFrames) {
            text.append(frame);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("frames sent right behind CONNECT run after CONNECTED, in the order sent")
    void framesBehindAPendingConnectRunAfterItInOrder() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        // In the same read as CONNECT: held by the session.
        client.sendRaw(connectAs("slow", "SUBSCRIBE\nid:1\ndestination:/topic/a\nreceipt:r1\n\n\0"));
        assertThat(client.isBeingRead()).as("reading stops while the login is checked").isFalse();
        // Later: left unread by the transport until the answer.
        client.sendWithBody(Command.SEND, "one", "destination", "/topic/a");
        client.sendWithBody(Command.SEND, "two", "destination", "/topic/a", "receipt", "r2");
        assertThat(client.nextFrame()).as("nothing before the answer").isNull();

        slowAnswer.complete(Optional.of(StompPrincipal.named("slow")));

        List<Frame> frames = client.frames();
        assertThat(frames.get(0).command()).isEqualTo(Command.CONNECTED);
        // Deliveries drain on their own schedule; receipts and messages are each in order.
        assertThat(frames).filteredOn(frame -> frame.command() == Command.RECEIPT)
                .extracting(frame -> frame.header("receipt-id")).containsExactly("r1", "r2");
        assertThat(frames).filteredOn(frame -> frame.command() == Command.MESSAGE)
                .extracting(Frame::bodyAsString).containsExactly("one", "two");
        assertThat(frames).hasSize(5);
        assertThat(client.isBeingRead()).isTrue();
        assertThat(client.session().principal().getName()).isEqualTo("slow");
    }

    @Test
    @DisplayName("credentials revoked while a CONNECT is being checked close the session once it connects")
    void aRevocationDuringTheHandshakeIsAppliedOnceConnected() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.sendRaw(connectAs("slow"));
        InMemoryConnection other = InMemoryConnection.open(broker, clock);
        other.sendRaw(connectAs("quick"));
        assertThat(other.nextFrame().command()).isEqualTo(Command.CONNECTED);

        broker.recheckSessions(principal -> principal.getName().equals("slow"));
        slowAnswer.complete(Optional.of(StompPrincipal.named("slow")));

        List<Frame> frames = client.frames();
        assertThat(frames).extracting(Frame::command).containsExactly(Command.CONNECTED, Command.ERROR);
        assertThat(frames.get(1).header("message")).isEqualTo("credentials revoked");
        assertThat(client.isClosed()).isTrue();
        assertThat(other.isClosed()).as("a principal the change does not touch stays").isFalse();
    }

    @Test
    @DisplayName("a refusal that comes later is the same generic ERROR, and the frames held behind it never run")
    void aLaterRefusalDropsTheHeldFrames() {
        InMemoryConnection watcher = InMemoryConnection.open(broker, clock);
        watcher.connect();
        watcher.send(Command.SUBSCRIBE, "id", "1", "destination", "/topic/a");
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.sendRaw(connectAs("slow", "SEND\ndestination:/topic/a\n\nsneaked in\0"));

        slowAnswer.complete(Optional.empty());

        error(client, "authentication failed");
        assertThat(watcher.frames()).as("nothing from the refused client").isEmpty();
    }

    @Test
    @DisplayName("a client that leaves while its login is checked: the check is called off, nothing is written")
    void aConnectionClosedWhileAuthenticatingIsForgotten() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.sendRaw(connectAs("slow"));
        client.disconnectAbruptly();

        assertThat(slowAnswer.isCancelled()).as("the pending check is called off").isTrue();
        assertThat(client.frames()).isEmpty();
        assertThat(broker.stats().connections()).isZero();

        InMemoryConnection next = InMemoryConnection.open(broker, clock);
        assertThat(next.connect().command()).isEqualTo(Command.CONNECTED);
    }

    @Test
    @DisplayName("an authenticator that never answers: the login is refused after the connect timeout")
    void anAnswerThatNeverComesTimesOut() {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        client.sendRaw(connectAs("slow"));
        clock.advance(Duration.ofSeconds(9));
        assertThat(client.nextFrame()).isNull();

        clock.advance(Duration.ofSeconds(1));

        error(client, "authentication failed");
        assertThat(slowAnswer.isCancelled()).isTrue();
    }

    @Test
    @DisplayName("past the workers' queue a login is refused at once instead of queueing without bound")
    void aFullWorkerQueueRefuses() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Broker busy = Broker.builder()
                .authenticationWorkers(1, 1)
                .authenticator(request -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.of(StompPrincipal.named(request.login()));
                })
                .build();
        try {
            InMemoryConnection first = InMemoryConnection.open(busy, clock);
            first.sendRaw(connectAs("first"));
            started.await();
            InMemoryConnection second = InMemoryConnection.open(busy, clock);
            second.sendRaw(connectAs("second"));
            InMemoryConnection third = InMemoryConnection.open(busy, clock);
            third.sendRaw(connectAs("third"));

            error(third, "authentication failed");
            release.countDown();
            assertThat(first.awaitFrame(Clients.WAIT).command()).isEqualTo(Command.CONNECTED);
            assertThat(second.awaitFrame(Clients.WAIT).command()).isEqualTo(Command.CONNECTED);
            assertThat(second.session().principal().getName()).isEqualTo("second");
        } finally {
            release.countDown();
            busy.close();
        }
    }
}
