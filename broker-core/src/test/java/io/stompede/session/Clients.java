package io.stompede.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import java.time.Duration;
import java.util.List;

/** Connected in-memory clients and the few frame checks the session tests share. */
final class Clients {
    /** How long a test waits for a frame that must come. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private Clients() {
    }

    /** A client on the calling thread that negotiated STOMP 1.2. */
    static InMemoryConnection connected(Broker broker, VirtualClock clock) {
        return connected(broker, clock, "1.2");
    }

    /** A client on the calling thread that negotiated {@code version}; "1.0" sends no accept-version. */
    static InMemoryConnection connected(Broker broker, VirtualClock clock, String version) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        Frame connected = client.connect("1.0".equals(version)
                ? Headers.of("host", "localhost")
                : Headers.of("accept-version", version, "host", "localhost"));
        assertThat(connected.command()).isEqualTo(Command.CONNECTED);
        assertThat(connected.header("version")).isEqualTo(version);
        return client;
    }

    /** Every frame the client has received and not read yet, all of which must be MESSAGEs. */
    static List<Frame> messages(InMemoryConnection client) {
        List<Frame> frames = client.frames();
        assertThat(frames).extracting(Frame::command).containsOnly(Command.MESSAGE);
        return frames;
    }

    /** The next frame, which must be a MESSAGE. */
    static Frame message(InMemoryConnection client) {
        Frame frame = client.nextFrame();
        assertThat(frame).as("a MESSAGE").isNotNull();
        assertThat(frame.command()).isEqualTo(Command.MESSAGE);
        return frame;
    }

    /** The next frame, which must be a MESSAGE with this text body. */
    static Frame message(InMemoryConnection client, String body) {
        Frame frame = message(client);
        assertThat(frame.bodyAsString()).isEqualTo(body);
        return frame;
    }

    static List<String> bodies(List<Frame> frames) {
        return frames.stream().map(Frame::bodyAsString).toList();
    }

    /** The next frame, which must be an ERROR with this message; the connection must be closed. */
    static Frame error(InMemoryConnection client, String message) {
        // Waits: a refused login is answered from the authentication workers, not within send().
        Frame frame = client.awaitFrame(WAIT);
        assertThat(frame.command()).as("an ERROR: %s", frame).isEqualTo(Command.ERROR);
        assertThat(frame.header("message")).isEqualTo(message);
        await().atMost(WAIT).until(client::isClosed);
        return frame;
    }

    /** Sends {@code count} text messages "prefix0", "prefix1", ... to a destination. */
    static void sendAll(InMemoryConnection client, String destination, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            client.sendWithBody(Command.SEND, prefix + i, "destination", destination);
        }
    }
}
