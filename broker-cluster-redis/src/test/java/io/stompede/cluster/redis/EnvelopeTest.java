package io.stompede.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.frame.Headers;
import io.stompede.message.Message;
import java.util.Arrays;
import java.util.List;
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
    void aBatchCarriesSeveralEnvelopesInOrderAndASingleEnvelopeDecodesAsOne() {
        byte[] first = new Envelope("a", new Message("1", "/topic/t", Headers.of(), new byte[] {1})).encode();
        byte[] second = new Envelope("a", new Message("2", "/topic/t", Headers.of("k", "v"), new byte[0])).encode();

        assertThat(Envelope.decodeAll(Envelope.batch(List.of(first, second))))
                .extracting(envelope -> envelope.message().id()).containsExactly("1", "2");
        assertThat(Envelope.decodeAll(first)).extracting(envelope -> envelope.message().id()).containsExactly("1");
    }

    @Test
    void aBatchThatRunsPastItsEndIsRefused() {
        byte[] envelope = new Envelope("a", new Message("1", "/topic/t", Headers.of(), new byte[10])).encode();
        byte[] batch = Envelope.batch(List.of(envelope, envelope));

        assertThatThrownBy(() -> Envelope.decodeAll(Arrays.copyOf(batch, batch.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] lying = batch.clone();
        lying[4] = 100;    // claims 100 envelopes
        assertThatThrownBy(() -> Envelope.decodeAll(lying)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesThatAreNoEnvelopeAreRefused() {
        byte[] encoded = new Envelope("n", new Message("i", "/topic/t", Headers.of(), new byte[100])).encode();
        assertThatThrownBy(() -> Envelope.decode(Arrays.copyOf(encoded, encoded.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Envelope.decode(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
    }
}
