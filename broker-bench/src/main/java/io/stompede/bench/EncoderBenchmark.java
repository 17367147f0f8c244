package io.stompede.bench;

import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.Headers;
import io.stompede.frame.StompVersion;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
 * Encoding throughput in frames per second for a MESSAGE with a 128-byte body, encoded whole.
 * The broker's fan-out path, which encodes the shared part once, is measured by
 * {@link FanoutBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EncoderBenchmark {
    private Frame message;
    private ByteBuffer target;

    @Setup
    public void setUp() {
        byte[] body = new byte[128];
        Arrays.fill(body, (byte) 'x');
        Headers shared = Headers.of("destination", "/topic/prices", "content-type", "application/json",
                "content-length", "128");
        message = Frame.of(Command.MESSAGE,
                Headers.builder().add("subscription", "sub-1").add("message-id", "m-1").addAll(shared).build(), body);
        target = ByteBuffer.allocate(4096);
    }

    @Benchmark
    public ByteBuffer encodeWholeFrame() {
        EncodedFrame encoded = FrameEncoder.encode(message, StompVersion.V1_2);
        target.clear();
        encoded.writeTo(target);
        return target;
    }
}
