package io.stompede.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the codec over generated frames and bytes. Tries are set explicitly to keep the
 * whole class at a few seconds.
 */
class CodecProperties {
    private static final FrameLimits SMALL = new FrameLimits(300, 6, 60, 120);

    /** Pieces header text is made of, chosen to hit every escaping rule and multi-byte UTF-8. */
    private static final String[] TEXT_PIECES = {
        "a", "b", "z", "-", " ", "1", "destination", "/queue/x", ":", "\n", "\r", "\\", "\\c", "é", "€", "😀", "日",
    };

    @Property(tries = 400)
    void encodedFramesDecodeToTheSameFrame(@ForAll("frames") Frame frame, @ForAll StompVersion version,
                                           @ForAll("seeds") long cutSeed) throws StompProtocolException {
        if (!representable(frame, version)) {
            assertThatThrownBy(() -> FrameEncoder.encode(frame, version)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        EncodedFrame encoded = FrameEncoder.encode(frame, version);
        ByteBuffer wire = ByteBuffer.allocate(encoded.length());
        encoded.writeTo(wire);
        FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULTS);
        decoder.setVersion(version);
        List<Frame> decoded = new ArrayList<>();
        for (byte[] piece : cut(wire.array(), new Random(cutSeed))) {
            decoder.decode(ByteBuffer.wrap(piece), decoded::add);
        }
        assertThat(decoded).containsExactly(frame);
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Property(tries = 300)
    void randomBytesOnlyEverRaiseProtocolErrors(@ForAll @Size(max = 400) byte[] input, @ForAll StompVersion version,
                                                @ForAll("seeds") long cutSeed) {
        feedExpectingNothingButProtocolErrors(input, version, cutSeed);
    }

    @Property(tries = 600)
    void mutatedFramesOnlyEverRaiseProtocolErrors(@ForAll("mutatedWire") byte[] input, @ForAll StompVersion version,
                                                  @ForAll("seeds") long cutSeed) {
        feedExpectingNothingButProtocolErrors(input, version, cutSeed);
    }

    private static void feedExpectingNothingButProtocolErrors(byte[] input, StompVersion version, long cutSeed) {
        FrameDecoder decoder = new FrameDecoder(SMALL);
        decoder.setVersion(version);
        for (byte[] piece : cut(input, new Random(cutSeed))) {
            try {
                decoder.decode(ByteBuffer.wrap(piece), frame -> { });
            } catch (StompProtocolException expected) {
                return;
            }
            assertThat(decoder.bufferedBytes()).isBetween(0, SMALL.maxFrameSize());
        }
    }

    /** Whether the rules in force can carry every header of {@code frame} unchanged. */
    private static boolean representable(Frame frame, StompVersion version) {
        boolean escape = version.escapesHeaders() && frame.command().escapesHeaders();
        boolean escapesCr = escape && version.escapesCarriageReturn();
        for (int i = 0; i < frame.headers().size(); i++) {
            String name = frame.headers().name(i);
            String value = frame.headers().value(i);
            if (name.isEmpty()) {
                return false;
            }
            if (!escape && (name.contains("\n") || name.contains(":") || value.contains("\n"))) {
                return false;
            }
            if (!escapesCr && value.endsWith("\r")) {
                return false;
            }
        }
        return true;
    }

    private static List<byte[]> cut(byte[] bytes, Random random) {
        List<byte[]> pieces = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int n = 1 + random.nextInt(Math.min(bytes.length - at, 1 + random.nextInt(64)));
            pieces.add(Feeding.slice(bytes, at, at + n));
            at += n;
        }
        return pieces;
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<String> text = Arbitraries.of(TEXT_PIECES).list().ofMaxSize(6).map(pieces -> String.join("", pieces));
        Arbitrary<String> name = text.filter(s -> !s.isEmpty());
        Arbitrary<List<Tuple.Tuple2<String, String>>> headers = Combinators.combine(name, text).as(Tuple::of)
                .list().ofMaxSize(5);
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(100);
        Arbitrary<Boolean> withLength = Arbitraries.of(true, false);
        return Combinators.combine(Arbitraries.of(Command.class), headers, body, withLength, Arbitraries.integers().between(0, 5))
                .as(CodecProperties::frame);
    }

    private static Frame frame(Command command, List<Tuple.Tuple2<String, String>> entries, byte[] body,
                               boolean withLength, int lengthAt) {
        Headers.Builder builder = Headers.builder();
        boolean lengthAdded = false;
        for (int i = 0; i < entries.size(); i++) {
            if (withLength && i == lengthAt) {
                builder.add("content-length", Integer.toString(body.length));
                lengthAdded = true;
            }
            builder.add(entries.get(i).get1(), entries.get(i).get2());
        }
        if (withLength && !lengthAdded) {
            builder.add("content-length", Integer.toString(body.length));
        }
        byte[] frameBody = body;
        if (!withLength) {
            // Without content-length the body ends at its first NUL, so it cannot hold one.
            frameBody = body.clone();
            for (int i = 0; i < frameBody.length; i++) {
                if (frameBody[i] == 0) {
                    frameBody[i] = 'n';
                }
            }
        }
        return Frame.of(command, builder.build(), frameBody);
    }

    @Provide
    Arbitrary<byte[]> mutatedWire() {
        Arbitrary<byte[]> valid = frames().list().ofMinSize(1).ofMaxSize(3).map(list -> {
            ByteBuffer out = ByteBuffer.allocate(64 * 1024);
            for (Frame frame : list) {
                if (representable(frame, StompVersion.V1_2)) {
                    FrameEncoder.encode(frame, StompVersion.V1_2).writeTo(out);
                }
                out.put((byte) '\n');
            }
            return Feeding.slice(out.array(), 0, out.position());
        });
        return Combinators.combine(valid, Arbitraries.longs()).as(CodecProperties::mutate);
    }

    private static byte[] mutate(byte[] wire, long seed) {
        Random random = new Random(seed);
        byte[] interesting = {0, '\n', '\r', ':', '\\', 'n', 'c', 'r', '9', '-', (byte) 0xc3, (byte) 0xff};
        List<Byte> bytes = new ArrayList<>();
        for (byte b : wire) {
            bytes.add(b);
        }
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && !bytes.isEmpty(); m++) {
            int at = random.nextInt(bytes.size());
            byte b = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
            switch (random.nextInt(3)) {
                case 0 -> bytes.set(at, b);
                case 1 -> bytes.add(at, b);
                default -> bytes.remove(at);
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }
}
