package io.stompede.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Feeds bytes to a fresh decoder in chosen pieces and records what comes out, so a test can
 * assert that however the bytes are cut the outcome is the same.
 */
final class Feeding {
    /** The marker recorded for a heart-beat. */
    static final String HEARTBEAT = "<heart-beat>";

    /**
     * What a decoder made of some input: frames and heart-beats in order, then the error if one
     * was thrown, and what it held at the end.
     */
    record Outcome(List<Object> events, String error, String receiptId, int bufferedBytes) {
        List<Frame> frames() {
            return events.stream().filter(Frame.class::isInstance).map(Frame.class::cast).toList();
        }

        Frame onlyFrame() {
            assertThat(error).as("error").isNull();
            assertThat(events).hasSize(1);
            return (Frame) events.get(0);
        }
    }

    private Feeding() {
    }

    static byte[] bytes(String wire) {
        return wire.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes {@code input} whole, split in two at every position, and one byte at a time (in
     * direct buffers), asserts all give the same outcome, and returns it.
     */
    static Outcome decodeEveryWay(FrameLimits limits, StompVersion version, byte[] input) {
        Outcome whole = decode(limits, version, List.of(input), false);
        for (int at = 0; at <= input.length; at++) {
            List<byte[]> pieces = List.of(slice(input, 0, at), slice(input, at, input.length));
            assertThat(decode(limits, version, pieces, false)).as("split at %d", at).isEqualTo(whole);
        }
        List<byte[]> single = new ArrayList<>();
        for (int i = 0; i < input.length; i++) {
            single.add(slice(input, i, i + 1));
        }
        assertThat(decode(limits, version, single, true)).as("one byte at a time").isEqualTo(whole);
        if (whole.error() == null) {
            assertThat(whole.bufferedBytes()).as("bytes left over").isZero();
        }
        return whole;
    }

    static Outcome decodeEveryWay(StompVersion version, String wire) {
        return decodeEveryWay(FrameLimits.DEFAULTS, version, bytes(wire));
    }

    static Outcome decodeEveryWay(String wire) {
        return decodeEveryWay(StompVersion.V1_2, wire);
    }

    /** Decodes the pieces in order with one decoder, stopping at the first error. */
    static Outcome decode(FrameLimits limits, StompVersion version, List<byte[]> pieces, boolean direct) {
        FrameDecoder decoder = new FrameDecoder(limits);
        decoder.setVersion(version);
        List<Object> events = new ArrayList<>();
        FrameSink sink = new FrameSink() {
            @Override
            public void onFrame(Frame frame) {
                events.add(frame);
            }

            @Override
            public void onHeartbeat() {
                events.add(HEARTBEAT);
            }
        };
        IntFunction<ByteBuffer> allocate = direct ? ByteBuffer::allocateDirect : ByteBuffer::allocate;
        for (byte[] piece : pieces) {
            ByteBuffer in = allocate.apply(piece.length).put(piece).flip();
            try {
                decoder.decode(in, sink);
            } catch (StompProtocolException e) {
                return new Outcome(events, e.getMessage(), e.receiptId(), -1);
            }
            assertThat(in.hasRemaining()).as("decode consumes all its input").isFalse();
        }
        return new Outcome(events, null, null, decoder.bufferedBytes());
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }
}
