package io.stompede.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.Headers;
import io.stompede.frame.StompVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Whether a message, and a frame, may travel as WebSocket text: known from the body alone, and asked once. */
class MessageTextTest {
    private static final byte[] NOT_UTF8 = {'a', (byte) 0xff, 'b'};

    @Test
    void aMessageKnowsWhetherItsBodyIsUtf8() {
        assertThat(message("prix: 12 €".getBytes(StandardCharsets.UTF_8)).isBodyUtf8()).isTrue();
        assertThat(message(new byte[0]).isBodyUtf8()).isTrue();
        assertThat(message(NOT_UTF8).isBodyUtf8()).isFalse();
    }

    @Test
    void theAnswerIsTheSameEveryTime() {
        Message message = message(NOT_UTF8);

        assertThat(message.isBodyUtf8()).isFalse();
        assertThat(message.isBodyUtf8()).isFalse();
    }

    @Test
    void anEncodedFrameIsUtf8ExactlyWhenItsBodyIs() {
        Headers headers = Headers.builder().add("message", "déjà vu").build();

        assertThat(FrameEncoder.encode(Frame.of(Command.ERROR, headers, "ok ✓"), StompVersion.V1_2).isUtf8()).isTrue();
        assertThat(FrameEncoder.encode(Frame.of(Command.ERROR, headers, NOT_UTF8), StompVersion.V1_2).isUtf8()).isFalse();
        assertThat(EncodedFrame.HEARTBEAT.isUtf8()).isTrue();
    }

    @Test
    void anyOtherEncodedFrameIsCheckedByItsBytes() {
        assertThat(bytes("MESSAGE\n\nok\0".getBytes(StandardCharsets.UTF_8)).isUtf8()).isTrue();
        assertThat(bytes(NOT_UTF8).isUtf8()).isFalse();
    }

    private static Message message(byte[] body) {
        return new Message("m-1", "/topic/t", Headers.builder().build(), body);
    }

    private static EncodedFrame bytes(byte[] wire) {
        return new EncodedFrame() {
            @Override
            public int length() {
                return wire.length;
            }

            @Override
            public void writeTo(ByteBuffer target) {
                target.put(wire);
            }
        };
    }
}
