package io.stompede.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.inmemory.InMemoryConnection;
import java.time.Duration;

/** Shared checks of what a client received. */
final class StompAssertions {
    static final Duration WAIT = Duration.ofSeconds(5);

    private StompAssertions() {
    }

    /** Asserts the client got an ERROR with this message header and that its connection is closed. */
    static Frame assertErrorAndClosed(InMemoryConnection client, String message) {
        Frame error = client.awaitFrame(WAIT);
        assertThat(error.command()).as("frame %s", error).isEqualTo(Command.ERROR);
        assertThat(error.header("message")).isEqualTo(message);
        assertThat(client.isClosed()).as("closed after ERROR").isTrue();
        return error;
    }

    /** Asserts the next frame is a MESSAGE with this body. */
    static Frame assertMessage(InMemoryConnection client, String body) {
        Frame message = client.awaitFrame(WAIT);
        assertThat(message.command()).as("frame %s", message).isEqualTo(Command.MESSAGE);
        assertThat(message.bodyAsString()).isEqualTo(body);
        return message;
    }
}
