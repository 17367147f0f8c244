package io.stompede.test;

import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameDecoder;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.FrameLimits;
import io.stompede.frame.FrameSink;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import io.stompede.transport.Connection;
import io.stompede.transport.ConnectionDecorator;
import io.stompede.transport.ForwardingConnection;
import io.stompede.transport.ProtocolHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Faults on command, between the broker and its clients, for testing how a client copes: cut
 * connections, ERRORs in the broker's stead, deliveries held or late, heart-beats stopped or late,
 * frames corrupted or split, and frames no broker would send. Each fault holds from when it is
 * set until {@link #clear()}, which {@link TestBroker} calls before every test; a fault on the
 * client's frames acts on each frame the client sends from then on, before the broker sees it.
 *
 * <p>Thread-safe: tests set faults on their thread, connections read them on theirs.
 */
public final class Faults implements ConnectionDecorator {
    private final List<FaultyConnection> connections = new CopyOnWriteArrayList<>();
    private volatile Predicate<Frame> dropWhen;
    private volatile int dropAfter;
    private final List<ErrorAnswer> errors = new CopyOnWriteArrayList<>();
    private volatile boolean deliveriesStalled;
    private volatile Duration deliveryDelay = Duration.ZERO;
    private volatile boolean heartbeatsStopped;
    private volatile Duration heartbeatDelay = Duration.ZERO;
    private final AtomicBoolean corruptNext = new AtomicBoolean();
    private volatile boolean split;

    Faults() {
    }

    /** Cuts a client's connection, instead of passing it on, when it sends a frame that {@code frame} matches. */
    public Faults dropConnectionWhen(Predicate<Frame> frame) {
        this.dropWhen = frame;
        return this;
    }

    /** Cuts each connection once its client has sent {@code frames} frames, the next one unread. */
    public Faults dropConnectionAfter(int frames) {
        this.dropAfter = frames;
        return this;
    }

    /**
     * Answers a client's frame that {@code frame} matches with ERROR {@code message} and closes the
     * connection; the broker never sees the frame. {@code refuseConnect} is this for CONNECT.
     */
    public Faults answerWithError(Predicate<Frame> frame, String message) {
        errors.add(new ErrorAnswer(frame, message));
        return this;
    }

    /** Answers every CONNECT (and STOMP) with ERROR {@code message}, as a broker refusing clients. */
    public Faults refuseConnect(String message) {
        return answerWithError(f -> f.command() == Command.CONNECT || f.command() == Command.STOMP, message);
    }

    /** Holds every MESSAGE back, on every connection, until {@link #resumeDeliveries()}. */
    public Faults stallDeliveries() {
        deliveriesStalled = true;
        return this;
    }

    /** Sends the MESSAGEs held back, in order, and stops holding them. */
    public Faults resumeDeliveries() {
        deliveriesStalled = false;
        connections.forEach(FaultyConnection::releaseHeld);
        return this;
    }

    /** Writes every MESSAGE {@code delay} late. */
    public Faults delayDeliveries(Duration delay) {
        this.deliveryDelay = delay;
        return this;
    }

    /** Sends no more heart-beats: a client's heart-beat timeout should fire. */
    public Faults stopHeartbeats() {
        heartbeatsStopped = true;
        return this;
    }

    /** Sends each heart-beat {@code delay} late. */
    public Faults delayHeartbeats(Duration delay) {
        this.heartbeatDelay = delay;
        return this;
    }

    /** Corrupts the next frame the broker sends: its first header line loses its colon. */
    public Faults corruptNextFrame() {
        corruptNext.set(true);
        return this;
    }

    /** Writes every frame in two pieces, flushed apart, so a client must join frames that arrive split. */
    public Faults splitFrames() {
        split = true;
        return this;
    }

    /**
     * Sends {@code wire}, exactly these bytes (a frame no broker would make, say), to the client of
     * the {@code session}th connection, counted from 0 as {@link Recording#sessions()} lists them.
     */
    public Faults send(int session, String wire) {
        connections.get(session).inject(wire.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * Cuts the {@code session}th connection now, counted from 0 as {@link Recording#sessions()}
     * lists them, as a network that fails under a client does: no ERROR, no goodbye.
     */
    public Faults drop(int session) {
        FaultyConnection connection = connections.get(session);
        connection.execute(connection::cut);
        return this;
    }

    /**
     * Ends every fault; what is held back is sent. The connections open so far can no longer be
     * named by {@link #send}, which counts as the recording, cleared at the same time, does.
     */
    public void clear() {
        dropWhen = null;
        dropAfter = 0;
        errors.clear();
        heartbeatsStopped = false;
        heartbeatDelay = Duration.ZERO;
        deliveryDelay = Duration.ZERO;
        corruptNext.set(false);
        split = false;
        resumeDeliveries();
        connections.clear();
    }

    /** Forgets the connections of a broker that stopped. */
    void forgetConnections() {
        connections.clear();
    }

    @Override
    public ProtocolHandler open(Connection connection, Function<Connection, ProtocolHandler> session) {
        FaultyConnection faulty = new FaultyConnection(connection);
        connections.add(faulty);
        faulty.session = session.apply(faulty);
        return faulty.inbound();
    }

    private boolean actsOnClientFrames() {
        return dropWhen != null || dropAfter > 0 || !errors.isEmpty();
    }

    /** An ERROR to answer frames a predicate matches with. */
    private record ErrorAnswer(Predicate<Frame> frame, String message) {
    }

    /** One connection with the faults between it and its session. Confined to the connection's thread. */
    private final class FaultyConnection extends ForwardingConnection {
        private final FrameDecoder decoder = new FrameDecoder(FrameLimits.DEFAULTS);
        private final List<EncodedFrame> held = new ArrayList<>();
        private ProtocolHandler session;
        private StompVersion version = StompVersion.V1_0;
        private boolean connected;
        private int clientFrames;
        private boolean cut;

        FaultyConnection(Connection connection) {
            super(connection);
        }

        ProtocolHandler inbound() {
            return new ProtocolHandler() {
                @Override
                public void receive(ByteBuffer bytes) {
                    if (cut) {
                        bytes.position(bytes.limit());
                    } else if (actsOnClientFrames() || decoder.bufferedBytes() > 0) {
                        screen(bytes);
                    } else {
                        session.receive(bytes);
                    }
                }

                @Override
                public void writabilityChanged() {
                    session.writabilityChanged();
                }

                @Override
                public void connectionClosed() {
                    session.connectionClosed();
                }
            };
        }

        /** Passes the client's frames on one by one, unless a fault takes them. */
        private void screen(ByteBuffer bytes) {
            try {
                decoder.decode(bytes, new FrameSink() {
                    @Override
                    public void onFrame(Frame frame) {
                        if (!cut) {
                            screen(frame);
                        }
                    }

                    @Override
                    public void onHeartbeat() {
                        if (!cut) {
                            session.receive(ByteBuffer.wrap(new byte[] {'\n'}));
                        }
                    }
                });
            } catch (StompProtocolException e) {
                // Not STOMP, seen while screening: answered as the broker answers such bytes.
                connection.write(FrameEncoder.encode(Frame.of(Command.ERROR, Headers.of("message", e.getMessage())),
                        version));
                connection.flush();
                cut();
            }
        }

        private void screen(Frame frame) {
            clientFrames++;
            Predicate<Frame> drop = dropWhen;
            if ((drop != null && drop.test(frame)) || (dropAfter > 0 && clientFrames > dropAfter)) {
                cut();
                return;
            }
            for (ErrorAnswer answer : errors) {
                if (answer.frame().test(frame)) {
                    Headers headers = frame.header("receipt") == null ? Headers.of("message", answer.message())
                            : Headers.of("message", answer.message(), "receipt-id", frame.header("receipt"));
                    connection.write(FrameEncoder.encode(Frame.of(Command.ERROR, headers), version));
                    connection.flush();
                    cut();
                    return;
                }
            }
            EncodedFrame encoded = FrameEncoder.encode(frame, version);
            ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
            encoded.writeTo(bytes);
            session.receive(bytes.flip());
        }

        private void cut() {
            cut = true;
            connection.close();
        }

        @Override
        public void write(EncodedFrame frame) {
            if (frame.isHeartbeat()) {
                if (heartbeatsStopped) {
                    return;
                }
                if (!heartbeatDelay.isZero()) {
                    later(frame, heartbeatDelay);
                    return;
                }
                pass(frame);
                return;
            }
            // Frames are read only while the version is unknown or a fault on deliveries or bytes is set.
            if (connected && !deliveriesStalled && deliveryDelay.isZero() && !corruptNext.get() && !split) {
                connection.write(frame);
                return;
            }
            byte[] bytes = bytesOf(frame);
            if (startsWith(bytes, "CONNECTED")) {
                version = versionOf(bytes);
                connected = true;
            }
            if (startsWith(bytes, "MESSAGE")) {
                if (deliveriesStalled) {
                    held.add(frame);
                    return;
                }
                if (!deliveryDelay.isZero()) {
                    later(frame, deliveryDelay);
                    return;
                }
            }
            pass(frame);
        }

        /** Writes a frame with the faults on its bytes: corrupted, split. */
        private void pass(EncodedFrame frame) {
            if (!frame.isHeartbeat() && corruptNext.compareAndSet(true, false)) {
                frame = EncodedFrame.of(corrupted(bytesOf(frame)));
            }
            if (split && frame.length() > 1) {
                byte[] bytes = bytesOf(frame);
                int half = bytes.length / 2;
                connection.write(EncodedFrame.of(Arrays.copyOfRange(bytes, 0, half)));
                connection.flush();
                connection.write(EncodedFrame.of(Arrays.copyOfRange(bytes, half, bytes.length)));
                return;
            }
            connection.write(frame);
        }

        private void later(EncodedFrame frame, Duration delay) {
            connection.schedule(() -> {
                pass(frame);
                connection.flush();
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        }

        void releaseHeld() {
            connection.execute(() -> {
                for (EncodedFrame frame : held) {
                    pass(frame);
                }
                held.clear();
                connection.flush();
            });
        }

        void inject(byte[] wire) {
            connection.execute(() -> {
                connection.write(EncodedFrame.of(wire));
                connection.flush();
            });
        }
    }

    private static byte[] bytesOf(EncodedFrame frame) {
        ByteBuffer bytes = ByteBuffer.allocate(frame.length());
        frame.writeTo(bytes);
        return bytes.array();
    }

    private static boolean startsWith(byte[] bytes, String command) {
        if (bytes.length <= command.length()) {
            return false;
        }
        for (int i = 0; i < command.length(); i++) {
            if (bytes[i] != command.charAt(i)) {
                return false;
            }
        }
        return bytes[command.length()] == '\n' || bytes[command.length()] == '\r';
    }

    private static StompVersion versionOf(byte[] connected) {
        String text = new String(connected, StandardCharsets.UTF_8);
        int at = text.indexOf("\nversion:");
        if (at < 0) {
            return StompVersion.V1_0;
        }
        int end = text.indexOf('\n', at + 1);
        StompVersion version = StompVersion.fromWire(text.substring(at + "\nversion:".length(), end).strip());
        return version == null ? StompVersion.V1_0 : version;
    }

    /** The frame with the colon of its first header line taken out: a header line no decoder accepts. */
    private static byte[] corrupted(byte[] frame) {
        byte[] copy = frame.clone();
        int lineStart = 0;
        while (lineStart < copy.length && copy[lineStart] != '\n') {
            lineStart++;
        }
        for (int i = lineStart + 1; i < copy.length && copy[i] != '\n'; i++) {
            if (copy[i] == ':') {
                copy[i] = '_';
                return copy;
            }
        }
        return copy;
    }
}
