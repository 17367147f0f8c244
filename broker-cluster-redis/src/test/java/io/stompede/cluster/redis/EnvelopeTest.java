package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.frame.Headers;
import io.stompede.message.Message;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    @Test
    void aMessageSurvivesTheTripWithItsHeadersAndBinaryBody() {
        byte[] body = {0, 1, 2, (byte) 0xff, 0};
        Message message = new Message("id-1", "/topic/t", Headers.of("content-type", "application/octet-stream",
                "x-é", "ü:\n"), body);
        Envelope decoded = Envelope.decode(new Envelope("node-a", message).encode());
        assertThat(decoded.origin()).isEqualTo("node-a");
        assertThat(decoded.message().id()).isEqualTo("id-1");
        assertThat(decoded.message().destination()).isEqualTo("/topic/t");
        assertThat(decoded.message().headers()).isEqualTo(message.headers());
        assertThat(decoded.message().sharedBody()).isEqualTo(body);
    }

    @Test
    void bytesThatAreNoEnvelopeAreRefused() {
        byte[] encoded = new Envelope("n", new Message("i", "/topic/t", Headers.of(), new byte[100])).encode();
        assertThatThrownBy(() -> Envelope.decode(Arrays.copyOf(encoded, encoded.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Envelope.decode(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
    }
}
