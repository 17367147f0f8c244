package io.stompede.bench;

import io.stompede.Broker;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Headers;
import io.stompede.transport.Connection;
import io.stompede.transport.ConnectionInfo;
import io.stompede.transport.ProtocolHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publishing one 128-byte message to a topic with many STOMP subscribers, through the real
 * sessions: routing, each session's outbox and drain, and the MESSAGE encoding, written into a
 * direct buffer as a transport would. One operation is one publish; deliveries per second are
 * that times the subscriber count. The body array is shared by every delivery, never copied
 * per subscriber: only the transport's write copies it into its buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class FanoutBenchmark {
    @Param({"1000"})
    public int subscribers;

    private Broker broker;
    private Headers headers;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() {
        broker = Broker.builder().build();
        for (int i = 0; i < subscribers; i++) {
            SinkConnection connection = new SinkConnection();
            ProtocolHandler session = broker.openSession(connection);
            connection.feed(session, "CONNECT\naccept-version:1.2\nhost:bench\n\n\0"
                    + "SUBSCRIBE\ndestination:/topic/fanout\nid:s\n\n\0");
        }
        headers = Headers.of("content-type", "application/json");
        body = new byte[128];
        Arrays.fill(body, (byte) 'x');
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        broker.close();
    }

    @Benchmark
    public void publish() {
        broker.publish("/topic/fanout", headers, body);
    }

    /**
     * A connection that runs its session's tasks on the benchmark's single thread, a task queued
     * while another runs waiting for it as on an event loop, and writes into a reused buffer.
     */
    static final class SinkConnection implements Connection {
        private static final ConnectionInfo INFO = ConnectionInfo.plain("bench", null, null);
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        private boolean running;

        void feed(ProtocolHandler session, String frames) {
            execute(() -> session.receive(ByteBuffer.wrap(frames.getBytes(StandardCharsets.UTF_8))));
        }

        @Override
        public void write(EncodedFrame frame) {
            if (buffer.remaining() < frame.length()) {
                buffer.clear();
            }
            frame.writeTo(buffer);
        }

        @Override
        public void flush() {
            buffer.clear();
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void setReading(boolean reading) {
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
            try {
                Runnable next;
                while ((next = tasks.poll()) != null) {
                    next.run();
                }
            } finally {
                running = false;
            }
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            return () -> { };
        }

        @Override
        public ConnectionInfo info() {
            return INFO;
        }
    }
}
