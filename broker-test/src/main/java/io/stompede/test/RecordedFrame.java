package io.stompede.test;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import java.time.Instant;

/**
 * One thing that crossed a connection: a frame or a heart-beat, which way, and when the broker
 * saw it (a frame the client sent, when it had all of it; one the broker sent, when it wrote it).
 * Immutable.
 *
 * @param frame the frame; {@code null} for a heart-beat
 */
public record RecordedFrame(Direction direction, Instant at, Frame frame) {
    /** Which way a frame went. */
    public enum Direction {
        /** From the client to the broker. */
        CLIENT_TO_BROKER,
        /** From the broker to the client. */
        BROKER_TO_CLIENT
    }

    /** Whether this is a heart-beat (an end-of-line between frames) rather than a frame. */
    public boolean isHeartbeat() {
        return frame == null;
    }

    /** Whether this is a frame the client sent with {@code command}. */
    public boolean isClientFrame(Command command) {
        return direction == Direction.CLIENT_TO_BROKER && frame != null && frame.command() == command;
    }

    /** Whether this is a frame the broker sent with {@code command}. */
    public boolean isBrokerFrame(Command command) {
        return direction == Direction.BROKER_TO_CLIENT && frame != null && frame.command() == command;
    }

    @Override
    public String toString() {
        String arrow = direction == Direction.CLIENT_TO_BROKER ? "client > " : "broker > ";
        return arrow + (frame == null ? "heart-beat" : frame.command() + " " + frame.headers());
    }
}
