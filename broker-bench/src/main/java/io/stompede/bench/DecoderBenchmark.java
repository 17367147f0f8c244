package io.stompede.bench;

import io.stompede.frame.Frame;
import io.stompede.frame.FrameDecoder;
import io.stompede.frame.FrameLimits;
import io.stompede.frame.FrameSink;
import io.stompede.frame.StompProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding throughput in frames per second: a SEND with four headers and a 128-byte body, the
 * typical publish. One invocation decodes a read's worth of {@value #FRAMES} back-to-back frames,
 * as a busy connection delivers them; {@code chunk} cuts that read into smaller pieces to show
 * the cost of frames that straddle reads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DecoderBenchmark {
    static final int FRAMES = 100;

    /** Bytes per decode call; 0 means the whole buffer at once. */
    @Param({"0", "1460"})
    public int chunk;

    /** Whether the bytes come in a heap buffer or a direct one (as from a socket). */
    @Param({"false", "true"})
    public boolean direct;

    private ByteBuffer input;
    private FrameDecoder decoder;
    private final Sink sink = new Sink();

    @Setup(Level.Trial)
    public void setUp() {
        byte[] frame = sendFrame();
        input = direct ? ByteBuffer.allocateDirect(frame.length * FRAMES) : ByteBuffer.allocate(frame.length * FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            input.put(frame);
        }
        input.flip();
        decoder = new FrameDecoder(FrameLimits.DEFAULTS);
    }

    static byte[] sendFrame() {
        String headers = "SEND\ndestination:/queue/orders\ncontent-type:application/json\ncontent-length:128\nreceipt:r-42\n\n";
        byte[] head = headers.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + 128 + 1];
        System.arraycopy(head, 0, frame, 0, head.length);
        for (int i = 0; i < 128; i++) {
            frame[head.length + i] = (byte) ('a' + i % 26);
        }
        return frame;
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decode(Blackhole blackhole) throws StompProtocolException {
        sink.blackhole = blackhole;
        ByteBuffer in = input.duplicate();
        if (chunk == 0) {
            decoder.decode(in, sink);
        } else {
            int end = in.limit();
            while (in.position() < end) {
                in.limit(Math.min(end, in.position() + chunk));
                decoder.decode(in, sink);
            }
        }
    }

    private static final class Sink implements FrameSink {
        Blackhole blackhole;

        @Override
        public void onFrame(Frame frame) {
            blackhole.consume(frame);
        }
    }
}
