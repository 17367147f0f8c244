package io.stompede.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameEncoderTest {

    private static String wire(EncodedFrame encoded) {
        ByteBuffer buffer = ByteBuffer.allocate(encoded.length());
        encoded.writeTo(buffer);
        assertThat(buffer.hasRemaining()).as("length() matches what writeTo writes").isFalse();
        return new String(buffer.array(), StandardCharsets.UTF_8);
    }

    private static String wire(Frame frame, StompVersion version) {
        return wire(FrameEncoder.encode(frame, version));
    }

    private static final Frame AWKWARD = Frame.of(Command.MESSAGE, Headers.of("a:b", "1\n2\r3\\4"), "x");

    @Test
    void writesCommandHeadersBlankLineBodyAndNul() {
        Frame frame = Frame.of(Command.SEND, Headers.of("destination", "/queue/a", "content-type", "text/plain"), "hi");
        assertThat(wire(frame, StompVersion.V1_2)).isEqualTo("SEND\ndestination:/queue/a\ncontent-type:text/plain\n\nhi\0");
    }

    @Test
    void writesHeadersAsGivenWithoutAddingContentLength() {
        Frame frame = Frame.of(Command.SEND, Headers.of("k", "1", "k", "2"), "body");
        assertThat(wire(frame, StompVersion.V1_2)).isEqualTo("SEND\nk:1\nk:2\n\nbody\0");
    }

    @Test
    void escapesCrLfColonAndBackslashIn12() {
        assertThat(wire(AWKWARD, StompVersion.V1_2)).isEqualTo("MESSAGE\na\\cb:1\\n2\\r3\\\\4\n\nx\0");
    }

    @Test
    void leavesCarriageReturnUnescapedIn11() {
        assertThat(wire(AWKWARD, StompVersion.V1_1)).isEqualTo("MESSAGE\na\\cb:1\\n2\r3\\\\4\n\nx\0");
    }

    @Test
    void escapesNothingIn10() {
        Frame frame = Frame.of(Command.SEND, Headers.of("k", "a\\b:c\rd"), "");
        assertThat(wire(frame, StompVersion.V1_0)).isEqualTo("SEND\nk:a\\b:c\rd\n\n\0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECT", "STOMP", "CONNECTED"})
    void neverEscapesTheHandshake(String command) {
        Frame frame = Frame.of(Command.valueOf(command), Headers.of("passcode", "a\\b:c"));
        assertThat(wire(frame, StompVersion.V1_2)).isEqualTo(command + "\npasscode:a\\b:c\n\n\0");
    }

    @ParameterizedTest
    @EnumSource(StompVersion.class)
    void writesUtf8LikeTheJdk(StompVersion version) {
        String text = "café €uro 😀 日本";
        Frame frame = Frame.of(Command.SEND, Headers.of("clé", text), text);
        assertThat(wire(frame, version)).isEqualTo("SEND\nclé:" + text + "\n\n" + text + "\0");
    }

    @Test
    void writesAnUnpairedSurrogateAsTheJdkDoes() {
        String broken = "a\uD800b";
        byte[] line = FrameEncoder.encodeHeaderLine("k", broken, StompVersion.V1_2, true);
        assertThat(line).isEqualTo(("k:" + broken + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesHeadersThatWouldForgeOthersWhenUnescaped() {
        Frame lineFeed = Frame.of(Command.SEND, Headers.of("k", "v\ninjected:1"));
        assertThatThrownBy(() -> FrameEncoder.encode(lineFeed, StompVersion.V1_0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line feed");
        Frame colonInName = Frame.of(Command.CONNECT, Headers.of("a:b", "v"));
        assertThatThrownBy(() -> FrameEncoder.encode(colonInName, StompVersion.V1_2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colon");
        Frame trailingCr = Frame.of(Command.SEND, Headers.of("k", "v\r"));
        assertThatThrownBy(() -> FrameEncoder.encode(trailingCr, StompVersion.V1_1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carriage return");
        Frame emptyName = Frame.of(Command.SEND, Headers.of("", "v"));
        assertThatThrownBy(() -> FrameEncoder.encode(emptyName, StompVersion.V1_2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty header name");
    }

    @Test
    void encodesHeaderLinesEscapedOnlyWhenAskedAndTheVersionEscapes() {
        Headers headers = Headers.of("subscription", "s:1", "x", "y");
        assertThat(new String(FrameEncoder.encodeHeaderLines(headers, StompVersion.V1_2, true), StandardCharsets.UTF_8))
                .isEqualTo("subscription:s\\c1\nx:y\n");
        assertThat(new String(FrameEncoder.encodeHeaderLines(headers, StompVersion.V1_2, false), StandardCharsets.UTF_8))
                .isEqualTo("subscription:s:1\nx:y\n");
        assertThat(new String(FrameEncoder.encodeHeaderLines(headers, StompVersion.V1_0, true), StandardCharsets.UTF_8))
                .isEqualTo("subscription:s:1\nx:y\n");
        assertThat(FrameEncoder.encodeHeaderLines(Headers.EMPTY, StompVersion.V1_2, true)).isEmpty();
    }

    @Test
    void heartbeatIsOneLineFeed() {
        assertThat(wire(EncodedFrame.HEARTBEAT)).isEqualTo("\n");
        assertThat(EncodedFrame.HEARTBEAT.isHeartbeat()).isTrue();
        assertThat(FrameEncoder.encode(Frame.of(Command.DISCONNECT, Headers.EMPTY), StompVersion.V1_2).isHeartbeat()).isFalse();
    }
}
