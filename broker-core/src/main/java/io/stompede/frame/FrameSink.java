package io.stompede.frame;

/** Receives what a {@link FrameDecoder} finds in its input, in order, on the decoder's thread. */
public interface FrameSink {
    /** A complete frame. */
    void onFrame(Frame frame) throws StompProtocolException;

    /** An end-of-line between frames: a heart-beat. */
    default void onHeartbeat() {
    }
}
