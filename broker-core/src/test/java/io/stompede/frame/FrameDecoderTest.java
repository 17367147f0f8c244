package io.stompede.frame;

import static io.stompede.frame.Feeding.HEARTBEAT;
import static io.stompede.frame.Feeding.bytes;
import static io.stompede.frame.Feeding.decodeEveryWay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.frame.Feeding.Outcome;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Literal frames for each framing rule. Every case goes through {@link Feeding#decodeEveryWay},
 * which also cuts the input at every position and feeds it one byte at a time.
 */
class FrameDecoderTest {

    private static Frame frame(Command command, String body, String... headers) {
        return Frame.of(command, Headers.of(headers), body);
    }

    @Nested
    class Framing {
        @Test
        void decodesAFrameWithLfLines() {
            Outcome out = decodeEveryWay("SEND\ndestination:/queue/a\ncontent-type:text/plain\n\nhello\0");
            assertThat(out.onlyFrame())
                    .isEqualTo(frame(Command.SEND, "hello", "destination", "/queue/a", "content-type", "text/plain"));
        }

        @Test
        void decodesAFrameWithCrLfLines() {
            Outcome out = decodeEveryWay("SEND\r\ndestination:/queue/a\r\n\r\nhello\0");
            assertThat(out.onlyFrame()).isEqualTo(frame(Command.SEND, "hello", "destination", "/queue/a"));
        }

        @Test
        void decodesAFrameWithoutHeadersOrBody() {
            assertThat(decodeEveryWay("DISCONNECT\n\n\0").onlyFrame()).isEqualTo(frame(Command.DISCONNECT, ""));
        }

        @Test
        void reportsEveryEolBetweenFramesAsAHeartbeat() {
            Outcome out = decodeEveryWay("\n\r\nSEND\ndestination:/a\n\none\0\n\nSEND\ndestination:/b\n\ntwo\0\r\n");
            assertThat(out.error()).isNull();
            assertThat(out.events()).containsExactly(
                    HEARTBEAT, HEARTBEAT,
                    frame(Command.SEND, "one", "destination", "/a"),
                    HEARTBEAT, HEARTBEAT,
                    frame(Command.SEND, "two", "destination", "/b"),
                    HEARTBEAT);
        }

        @Test
        void decodesManyFramesFromOneBuffer() {
            Outcome out = decodeEveryWay("ACK\nid:1\n\n\0NACK\nid:2\n\n\0BEGIN\ntransaction:t\n\n\0");
            assertThat(out.frames()).extracting(Frame::command).containsExactly(Command.ACK, Command.NACK, Command.BEGIN);
        }

        @Test
        void decodesServerFramesToo() {
            Outcome out = decodeEveryWay("MESSAGE\nsubscription:0\nmessage-id:7\ndestination:/topic/x\n\nhi\0"
                    + "RECEIPT\nreceipt-id:r1\n\n\0ERROR\nmessage:bad\n\noops\0CONNECTED\nversion:1.2\n\n\0");
            assertThat(out.frames()).extracting(Frame::command)
                    .containsExactly(Command.MESSAGE, Command.RECEIPT, Command.ERROR, Command.CONNECTED);
        }

        @Test
        void runsABodyWithoutContentLengthToTheFirstNul() {
            Outcome out = decodeEveryWay("SEND\ndestination:/a\n\nab\0\nSEND\ndestination:/a\n\n\0");
            assertThat(out.events()).containsExactly(
                    frame(Command.SEND, "ab", "destination", "/a"), HEARTBEAT, frame(Command.SEND, "", "destination", "/a"));
        }

        @Test
        void keepsNulsInABodyOfContentLength() {
            Outcome out = decodeEveryWay("SEND\ndestination:/a\ncontent-length:5\n\na\0b\0c\0");
            assertThat(out.onlyFrame().sharedBody()).containsExactly('a', 0, 'b', 0, 'c');
        }

        @Test
        void acceptsAnEmptyBodyOfContentLengthZero() {
            assertThat(decodeEveryWay("SEND\ncontent-length:0\n\n\0").onlyFrame().bodyLength()).isZero();
        }

        @Test
        void takesTheFirstContentLengthAsAuthoritative() {
            Outcome out = decodeEveryWay("SEND\ncontent-length:3\ncontent-length:1\n\na\0b\0");
            assertThat(out.onlyFrame().sharedBody()).containsExactly('a', 0, 'b');
            assertThat(out.onlyFrame().headers().size()).isEqualTo(2);
        }

        @Test
        void refusesABodyLongerThanItsContentLength() {
            Outcome out = decodeEveryWay("SEND\nreceipt:r-9\ncontent-length:2\n\nabc\0");
            assertThat(out.error()).contains("NUL");
            assertThat(out.receiptId()).isEqualTo("r-9");
            assertThat(out.events()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "abc", "", " 5", "5 ", "+5", "0x10", "1.5", "99999999999999999999999"})
        void refusesAnInvalidContentLength(String value) {
            Outcome out = decodeEveryWay("SEND\nreceipt:r\ncontent-length:" + value + "\n\n\0");
            assertThat(out.error()).containsAnyOf("invalid content-length", "body too large");
            assertThat(out.receiptId()).isEqualTo("r");
        }

        @Test
        void keepsRepeatedHeadersInOrderAndTheFirstWins() {
            Frame frame = decodeEveryWay("SEND\nfoo:first\nbar:x\nfoo:second\n\n\0").onlyFrame();
            assertThat(frame.header("foo")).isEqualTo("first");
            assertThat(frame.headers().entries()).extracting(e -> e.getKey() + "=" + e.getValue())
                    .containsExactly("foo=first", "bar=x", "foo=second");
        }

        @Test
        void splitsAHeaderAtTheFirstColon() {
            Frame frame = decodeEveryWay(StompVersion.V1_0, "SEND\nurl:http://example.com:8080/x\nempty:\n\n\0").onlyFrame();
            assertThat(frame.header("url")).isEqualTo("http://example.com:8080/x");
            assertThat(frame.header("empty")).isEmpty();
        }

        @Test
        void decodesUtf8NamesAndValues() {
            Frame frame = decodeEveryWay("SEND\ndestination:/topic/café\nclé:日本語 😀\n\nwörld\0").onlyFrame();
            assertThat(frame.header("destination")).isEqualTo("/topic/café");
            assertThat(frame.header("clé")).isEqualTo("日本語 😀");
            assertThat(frame.bodyAsString()).isEqualTo("wörld");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"C0AF", "E08080", "80", "BF41", "E282", "F0908D", "EDA080", "EDBFBF", "F4908080",
                                "F5808080", "FF", "C2"})
        @DisplayName("bug: a header value that is not UTF-8 was accepted without a word; it is an ERROR")
        void refusesHeaderValuesThatAreNotUtf8(String hex) {
            for (String header : new String[] {"name", "value"}) {
                byte[] bad = java.util.HexFormat.of().parseHex(hex);
                byte[] prefix = bytes("SEND\nreceipt:9\ndestination:/a\n" + (header.equals("name") ? "" : "x:"));
                byte[] suffix = bytes((header.equals("name") ? ":v" : "") + "\n\n\0");
                byte[] wire = new byte[prefix.length + bad.length + suffix.length];
                System.arraycopy(prefix, 0, wire, 0, prefix.length);
                System.arraycopy(bad, 0, wire, prefix.length, bad.length);
                System.arraycopy(suffix, 0, wire, prefix.length + bad.length, suffix.length);
                Outcome out = decodeEveryWay(FrameLimits.DEFAULTS, StompVersion.V1_2, wire);
                assertThat(out.error()).as(header + " " + hex).isEqualTo("header not valid UTF-8");
                assertThat(out.receiptId()).isEqualTo("9");
            }
        }

        @Test
        @DisplayName("the longest and the last valid sequences of each length are accepted, escaped or not")
        void acceptsEveryWellFormedLength() {
            Frame frame = decodeEveryWay("SEND\na:\u007f\u0080\u07ff\u0800\uffff\ud800\udc00\udbff\udfff\nb:\\c\u00e9\n\n\0")
                    .onlyFrame();
            assertThat(frame.header("a")).isEqualTo("\u007f\u0080\u07ff\u0800\uffff\ud800\udc00\udbff\udfff");
            assertThat(frame.header("b")).isEqualTo(":\u00e9");
        }

        @Test
        void keepsHeaderNamesCaseSensitive() {
            Frame frame = decodeEveryWay("SEND\nDestination:/a\n\n\0").onlyFrame();
            assertThat(frame.header("destination")).isNull();
            assertThat(frame.header("Destination")).isEqualTo("/a");
        }
    }

    @Nested
    class Escaping {
        @Test
        void decodesEveryEscapeIn12() {
            Frame frame = decodeEveryWay(StompVersion.V1_2, "SEND\na\\cb:1\\n2\\c3\\\\4\\r5\n\n\0").onlyFrame();
            assertThat(frame.header("a:b")).isEqualTo("1\n2:3\\4\r5");
        }

        @Test
        void decodesTheEscapesOf11() {
            Frame frame = decodeEveryWay(StompVersion.V1_1, "MESSAGE\nk\\\\:1\\n2\\c3\n\n\0").onlyFrame();
            assertThat(frame.header("k\\")).isEqualTo("1\n2:3");
        }

        @Test
        void refusesCarriageReturnEscapeIn11() {
            Outcome out = decodeEveryWay(StompVersion.V1_1, "SEND\nreceipt:r\nk:a\\rb\n\n\0");
            assertThat(out.error()).contains("invalid header escape \\r");
            assertThat(out.receiptId()).isEqualTo("r");
        }

        @ParameterizedTest
        @EnumSource(value = StompVersion.class, names = {"V1_1", "V1_2"})
        void refusesUndefinedEscapes(StompVersion version) {
            assertThat(decodeEveryWay(version, "SEND\nk:a\\tb\n\n\0").error()).contains("invalid header escape \\t");
            assertThat(decodeEveryWay(version, "SEND\nk:a\\\n\n\0").error()).contains("backslash at end");
            assertThat(decodeEveryWay(version, "SEND\nk\\:v\n\n\0").error()).contains("backslash at end");
            assertThat(decodeEveryWay(version, "SEND\nk:\\\u00e9\n\n\0").error()).contains("invalid header escape");
        }

        @Test
        void leavesBackslashesAloneIn10() {
            Frame frame = decodeEveryWay(StompVersion.V1_0, "SEND\nk\\c:a\\nb\\tc\\\n\n\0").onlyFrame();
            assertThat(frame.header("k\\c")).isEqualTo("a\\nb\\tc\\");
        }

        @ParameterizedTest
        @ValueSource(strings = {"CONNECT", "STOMP", "CONNECTED"})
        void neverUnescapesTheHandshake(String command) {
            Frame frame = decodeEveryWay(StompVersion.V1_2, command + "\nlogin:a\\cb\npasscode:x\\y\n\n\0").onlyFrame();
            assertThat(frame.header("login")).isEqualTo("a\\cb");
            assertThat(frame.header("passcode")).isEqualTo("x\\y");
        }

        @Test
        void appliesTheVersionSetBetweenFrames() throws StompProtocolException {
            FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULTS);
            List<Frame> frames = new ArrayList<>();
            decoder.decode(ByteBuffer.wrap(bytes("SEND\nk:a\\cb\n\n\0")), frames::add);
            decoder.setVersion(StompVersion.V1_0);
            decoder.decode(ByteBuffer.wrap(bytes("SEND\nk:a\\cb\n\n\0")), frames::add);
            assertThat(frames).extracting(f -> f.header("k")).containsExactly("a:b", "a\\cb");
        }
    }

    @Nested
    class Errors {
        @ParameterizedTest
        @ValueSource(strings = {"send\n\n\0", "FOO\n\n\0", "SEND \n\n\0", "\rSEND\n\n\0", "SENDX\n\n\0"})
        void refusesUnknownCommands(String wire) {
            assertThat(decodeEveryWay(wire).error()).isEqualTo("unknown command");
        }

        @Test
        void refusesAHeaderLineWithoutColon() {
            Outcome out = decodeEveryWay("SEND\nreceipt:77\nnocolon\n\n\0");
            assertThat(out.error()).isEqualTo("header line without ':'");
            assertThat(out.receiptId()).isEqualTo("77");
        }

        @Test
        void refusesAnEmptyHeaderName() {
            Outcome out = decodeEveryWay("SEND\n:value\n\n\0");
            assertThat(out.error()).isEqualTo("header with an empty name");
            assertThat(out.receiptId()).isNull();
        }

        @Test
        void quotesOnlyTheFirstReceipt() {
            assertThat(decodeEveryWay("SEND\nreceipt:a\nreceipt:b\nbad\n\n\0").receiptId()).isEqualTo("a");
        }

        @Test
        void deliversTheFramesBeforeAnError() {
            Outcome out = decodeEveryWay("SEND\n\nok\0\nBAD\n\n\0");
            assertThat(out.events()).containsExactly(frame(Command.SEND, "ok"), HEARTBEAT);
            assertThat(out.error()).isEqualTo("unknown command");
        }

        @Test
        void staysPoisonedAfterAnError() {
            FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULTS);
            List<Frame> frames = new ArrayList<>();
            Throwable first = org.assertj.core.api.Assertions.catchThrowable(
                    () -> decoder.decode(ByteBuffer.wrap(bytes("NOPE\n\n\0")), frames::add));
            assertThat(first).isInstanceOf(StompProtocolException.class);
            ByteBuffer valid = ByteBuffer.wrap(bytes("SEND\n\n\0"));
            assertThatThrownBy(() -> decoder.decode(valid, frames::add)).isSameAs(first);
            assertThat(frames).isEmpty();
            assertThat(valid.hasRemaining()).isFalse();
        }

        @Test
        void letsTheSinksExceptionThroughAndCarriesOnAfterIt() throws StompProtocolException {
            FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULTS);
            StompProtocolException refusal = new StompProtocolException("not allowed");
            ByteBuffer in = ByteBuffer.wrap(bytes("SEND\n\na\0SEND\n\nb\0"));
            assertThatThrownBy(() -> decoder.decode(in, frame -> {
                throw refusal;
            })).isSameAs(refusal);
            assertThat(in.position()).isEqualTo(8);
            List<Frame> rest = new ArrayList<>();
            decoder.decode(in, rest::add);
            assertThat(rest).containsExactly(frame(Command.SEND, "b"));

            RuntimeException bug = new IllegalStateException("sink bug");
            assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(bytes("\n")), new FrameSink() {
                @Override
                public void onFrame(Frame frame) {
                }

                @Override
                public void onHeartbeat() {
                    throw bug;
                }
            })).isSameAs(bug);
        }
    }

    @Nested
    class Limits {
        private final FrameLimits limits = new FrameLimits(200, 3, 32, 50);

        private Outcome decode(String wire) {
            return decodeEveryWay(limits, StompVersion.V1_2, bytes(wire));
        }

        @Test
        void acceptsFramesAtEveryLimit() {
            String line = "k:" + "v".repeat(30);
            String body = "b".repeat(50);
            Outcome out = decode("SEND\n" + line + "\r\n" + "a:1\nb:2\n\n" + body + "\0");
            assertThat(out.onlyFrame().bodyLength()).isEqualTo(50);
            // 5 + 25 + 18 + 1 + 50 + 1 = 100 bytes, exactly the frame limit.
            FrameLimits exact = new FrameLimits(100, 3, 32, 50);
            String wire = "SEND\nx:" + "y".repeat(22) + "\ncontent-length:50\n\n" + body + "\0";
            assertThat(decodeEveryWay(exact, StompVersion.V1_2, bytes(wire)).error()).isNull();
            assertThat(decodeEveryWay(exact, StompVersion.V1_2, bytes(wire.replace("x:", "xx:"))).error())
                    .isEqualTo("frame too large (limit 100 bytes)");
        }

        @Test
        void refusesALongCommandLine() {
            assertThat(decode("SEND" + "x".repeat(40) + "\n\n\0").error())
                    .isEqualTo("command line too long (limit 32 bytes)");
        }

        @Test
        void refusesALongHeaderLineQuotingTheReceipt() {
            Outcome out = decode("SEND\nreceipt:r-1\nk:" + "v".repeat(31) + "\n\n\0");
            assertThat(out.error()).isEqualTo("header line too long (limit 32 bytes)");
            assertThat(out.receiptId()).isEqualTo("r-1");
        }

        @Test
        void refusesTooManyHeaders() {
            Outcome out = decode("SEND\nreceipt:r\nb:2\nc:3\nd:4\n\n\0");
            assertThat(out.error()).isEqualTo("too many headers (limit 3)");
            assertThat(out.receiptId()).isEqualTo("r");
        }

        @Test
        void refusesALargeBodyByItsContentLength() {
            Outcome out = decode("SEND\nreceipt:r\ncontent-length:51\n\n");
            assertThat(out.error()).isEqualTo("body too large (limit 50 bytes)");
            assertThat(out.receiptId()).isEqualTo("r");
        }

        @Test
        void refusesALargeBodyWithoutContentLengthBeforeItsEnd() {
            Outcome out = decode("SEND\nreceipt:r\n\n" + "b".repeat(51));
            assertThat(out.error()).isEqualTo("body too large (limit 50 bytes)");
            assertThat(out.receiptId()).isEqualTo("r");
        }

        @Test
        void refusesALargeFrame() {
            String headers = "a:" + "x".repeat(30) + "\nb:" + "x".repeat(30) + "\nreceipt:" + "x".repeat(24) + "\n";
            FrameLimits small = new FrameLimits(120, 3, 32, 50);
            Outcome untilNul = decodeEveryWay(small, StompVersion.V1_2, bytes("SEND\n" + headers + "\n" + "b".repeat(50) + "\0"));
            assertThat(untilNul.error()).isEqualTo("frame too large (limit 120 bytes)");
            assertThat(untilNul.receiptId()).isEqualTo("x".repeat(24));
            FrameLimits tight = new FrameLimits(40, 3, 32, 40);
            Outcome byContentLength = decodeEveryWay(tight, StompVersion.V1_2, bytes("SEND\ncontent-length:20\n\n"));
            assertThat(byContentLength.error()).isEqualTo("frame too large (limit 40 bytes)");
        }

        @Test
        void neverHoldsMoreThanALineOfAnEndlessLine() throws StompProtocolException {
            FrameDecoder decoder = new FrameDecoder(limits);
            ByteBuffer chunk = ByteBuffer.wrap(bytes("SEND\nk:vvvvvvvvvv"));
            decoder.decode(chunk, frame -> { });
            Throwable error = null;
            for (int i = 0; i < 10 && error == null; i++) {
                error = org.assertj.core.api.Assertions.catchThrowable(
                        () -> decoder.decode(ByteBuffer.wrap(bytes("vvvvvvvvvv")), frame -> { }));
                assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(5 + 33);
            }
            assertThat(error).hasMessage("header line too long (limit 32 bytes)");
        }
    }

    @Nested
    class Buffers {
        @Test
        void reportsTheBytesOfAnIncompleteFrame() throws StompProtocolException {
            FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULTS);
            List<Frame> frames = new ArrayList<>();
            decoder.decode(ByteBuffer.wrap(bytes("SEND\ncontent-length:4\n\nab")), frames::add);
            assertThat(decoder.bufferedBytes()).isEqualTo(25);
            decoder.decode(ByteBuffer.wrap(bytes("cd\0")), frames::add);
            assertThat(decoder.bufferedBytes()).isZero();
            assertThat(frames).hasSize(1);
        }

        @Test
        void decodesALargeContentLengthBodyHoweverItArrives() {
            byte[] body = new byte[70_000];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (i % 251);
            }
            byte[] head = bytes("SEND\ncontent-length:70000\n\n");
            byte[] wire = new byte[head.length + body.length + 1];
            System.arraycopy(head, 0, wire, 0, head.length);
            System.arraycopy(body, 0, wire, head.length, body.length);
            Frame expected = Frame.of(Command.SEND, Headers.of("content-length", "70000"), body);
            for (int piece : new int[] {wire.length, head.length, head.length + 1, 1000, 65_536}) {
                List<byte[]> pieces = new ArrayList<>();
                for (int at = 0; at < wire.length; at += piece) {
                    pieces.add(Feeding.slice(wire, at, Math.min(wire.length, at + piece)));
                }
                Outcome out = Feeding.decode(FrameLimits.DEFAULTS, StompVersion.V1_2, pieces, piece == 1000);
                assertThat(out.onlyFrame()).as("pieces of %d", piece).isEqualTo(expected);
                assertThat(out.bufferedBytes()).isZero();
            }
        }

        @Test
        void readsFromTheBuffersWindowOnly() throws StompProtocolException {
            byte[] backing = bytes("xxxxSEND\n\nhi\0yyyy");
            ByteBuffer window = ByteBuffer.wrap(backing, 2, 14).slice().position(2).limit(13);
            List<Frame> frames = new ArrayList<>();
            new FrameDecoder(FrameLimits.DEFAULTS).decode(window, frames::add);
            assertThat(frames).containsExactly(frame(Command.SEND, "hi"));
            assertThat(window.position()).isEqualTo(13);
        }

        @Test
        void readsReadOnlyAndDirectBuffers() throws StompProtocolException {
            byte[] wire = bytes("SEND\n\n" + "z".repeat(40_000) + "\0");
            List<Frame> frames = new ArrayList<>();
            FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULTS);
            decoder.decode(ByteBuffer.wrap(wire).asReadOnlyBuffer(), frames::add);
            decoder.decode(ByteBuffer.allocateDirect(wire.length).put(wire).flip(), frames::add);
            assertThat(frames).hasSize(2).allSatisfy(f -> assertThat(f.bodyLength()).isEqualTo(40_000));
        }
    }
}
