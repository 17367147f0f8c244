package io.stompede.test;

import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameDecoder;
import io.stompede.frame.FrameLimits;
import io.stompede.frame.FrameSink;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import io.stompede.observer.WireTap;
import io.stompede.transport.ConnectionInfo;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one client connection carried, both ways, decoded into frames as the wire had them:
 * what the client sent (malformed bytes included, as {@link #malformed()}) and what the broker
 * sent it, each with its time. Thread-safe: the connection's thread records, any thread reads;
 * reads see a snapshot.
 */
public final class RecordedSession {
    private final int index;
    private final ConnectionInfo connection;
    private final Recording recording;
    private final Clock clock;
    private final List<RecordedFrame> frames = new ArrayList<>();
    private final List<String> malformed = new ArrayList<>();
    private final ClientRules rules = new ClientRules();
    private final List<String> violations = new ArrayList<>();
    private final FrameDecoder fromClient = new FrameDecoder(FrameLimits.DEFAULTS);
    // Made anew after a frame the decoder refused (one the kit's faults corrupted), since the
    // broker writes whole frames: the next one starts clean.
    private FrameDecoder fromBroker = new FrameDecoder(FrameLimits.DEFAULTS);
    private StompVersion version = StompVersion.V1_0;
    private boolean closed;
    private boolean clientUnreadable;

    RecordedSession(int index, ConnectionInfo connection, Recording recording, Clock clock) {
        this.index = index;
        this.connection = connection;
        this.recording = recording;
        this.clock = clock;
    }

    /** Where this session stands among those the broker opened, from 0. */
    public int index() {
        return index;
    }

    /** The recording this session belongs to, whose monitor guards it. */
    Recording recording() {
        return recording;
    }

    /** The transport ({@code tcp}, {@code websocket}, {@code in-memory}) and the client's address. */
    public ConnectionInfo connection() {
        return connection;
    }

    /** Every frame and heart-beat, both ways, in the order the broker saw them. */
    public List<RecordedFrame> frames() {
        synchronized (recording) {
            return List.copyOf(frames);
        }
    }

    /** The frames (not heart-beats) the client sent, in order. */
    public List<Frame> clientFrames() {
        return framesFrom(RecordedFrame.Direction.CLIENT_TO_BROKER);
    }

    /** The frames (not heart-beats) the broker sent the client, in order. */
    public List<Frame> brokerFrames() {
        return framesFrom(RecordedFrame.Direction.BROKER_TO_CLIENT);
    }

    private List<Frame> framesFrom(RecordedFrame.Direction direction) {
        List<Frame> found = new ArrayList<>();
        for (RecordedFrame frame : frames()) {
            if (frame.direction() == direction && !frame.isHeartbeat()) {
                found.add(frame.frame());
            }
        }
        return found;
    }

    /** What the client sent that was not STOMP, as the decoder described it; empty if all was. */
    public List<String> malformed() {
        synchronized (recording) {
            return List.copyOf(malformed);
        }
    }

    /**
     * The rules of the STOMP specification the client broke, each with the frame that broke it:
     * a frame before CONNECT, a 1.1 or 1.2 SUBSCRIBE without id, an ACK for an id the broker never
     * sent, bytes that are not STOMP. A strict {@link TestBroker} fails the test on any.
     */
    public List<String> violations() {
        synchronized (recording) {
            return List.copyOf(violations);
        }
    }

    /** Whether the connection has closed. */
    public boolean isClosed() {
        synchronized (recording) {
            return closed;
        }
    }

    @Override
    public String toString() {
        return "session " + index + " (" + connection.transport() + " from " + connection.remoteAddress() + ")";
    }

    /** The tap's listener for this session's connection. */
    WireTap.Listener listener() {
        return new WireTap.Listener() {
            @Override
            public void received(ByteBuffer bytes) {
                synchronized (recording) {
                    if (!clientUnreadable) {
                        decode(fromClient, bytes, RecordedFrame.Direction.CLIENT_TO_BROKER);
                    }
                }
            }

            @Override
            public void sent(EncodedFrame frame) {
                ByteBuffer bytes = ByteBuffer.allocate(frame.length());
                frame.writeTo(bytes);
                bytes.flip();
                synchronized (recording) {
                    decode(fromBroker, bytes, RecordedFrame.Direction.BROKER_TO_CLIENT);
                }
            }

            @Override
            public void closed() {
                synchronized (recording) {
                    closed = true;
                    recording.notifyAll();
                }
            }
        };
    }

    /** Decodes under the recording's lock, and wakes whoever waits for a frame. */
    private void decode(FrameDecoder decoder, ByteBuffer bytes, RecordedFrame.Direction direction) {
        try {
            decoder.decode(bytes, new FrameSink() {
                @Override
                public void onFrame(Frame frame) {
                    frames.add(new RecordedFrame(direction, clock.instant(), frame));
                    if (direction == RecordedFrame.Direction.CLIENT_TO_BROKER) {
                        rules.clientSent(frame).forEach(violation -> violations.add(violation.toString()));
                    } else {
                        rules.brokerSent(frame);
                    }
                    if (frame.command() == Command.CONNECTED) {
                        // Both ways escape headers as the version the broker chose.
                        StompVersion version = StompVersion.fromWire(frame.header("version") == null ? "1.0"
                                : frame.header("version"));
                        if (version != null) {
                            RecordedSession.this.version = version;
                            fromClient.setVersion(version);
                            fromBroker.setVersion(version);
                        }
                    }
                }

                @Override
                public void onHeartbeat() {
                    frames.add(new RecordedFrame(direction, clock.instant(), null));
                }
            });
        } catch (StompProtocolException e) {
            // The broker answers such bytes with an ERROR; the recording keeps why, and reads no further.
            malformed.add(e.getMessage());
            clientUnreadable = direction == RecordedFrame.Direction.CLIENT_TO_BROKER;
            if (!clientUnreadable) {
                fromBroker = new FrameDecoder(FrameLimits.DEFAULTS);
                fromBroker.setVersion(version);
            } else {
                violations.add("bytes that are not a STOMP frame (a bad escape, say): " + e.getMessage());
            }
        }
        recording.notifyAll();
    }
}
