package io.stompede.bench;

import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.Headers;
import io.stompede.frame.StompVersion;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding throughput in frames per second for a MESSAGE with a 128-byte body: the whole frame
 * encoded per delivery, against the fan-out path where the shared header lines are encoded once
 * and each delivery only writes its own {@code subscription} and {@code message-id}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EncoderBenchmark {
    private Frame message;
    private byte[] sharedLines;
    private ByteBuffer target;
    private long sequence;

    @Setup
    public void setUp() {
        byte[] body = new byte[128];
        java.util.Arrays.fill(body, (byte) 'x');
        Headers shared = Headers.of("destination", "/topic/prices", "content-type", "application/json",
                "content-length", "128");
        message = Frame.of(Command.MESSAGE,
                Headers.builder().add("subscription", "sub-1").add("message-id", "m-1").addAll(shared).build(), body);
        sharedLines = FrameEncoder.encodeHeaderLines(shared, StompVersion.V1_2, true);
        target = ByteBuffer.allocate(4096);
    }

    @Benchmark
    public ByteBuffer encodeWholeFrame() {
        EncodedFrame encoded = FrameEncoder.encode(message, StompVersion.V1_2);
        target.clear();
        encoded.writeTo(target);
        return target;
    }

    @Benchmark
    public ByteBuffer encodePerDeliveryHeaders() {
        byte[] own = FrameEncoder.encodeHeaderLine("message-id", Long.toString(sequence++), StompVersion.V1_2, true);
        byte[] subscription = FrameEncoder.encodeHeaderLine("subscription", "sub-1", StompVersion.V1_2, true);
        EncodedFrame encoded = FrameEncoder.assemble(Command.MESSAGE, message.sharedBody(), subscription, own, sharedLines);
        target.clear();
        encoded.writeTo(target);
        return target;
    }
}
