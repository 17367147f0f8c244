package io.stompede.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.stompede.frame.EncodedFrame;

/**
 * How a connection lays out the frames it writes in the buffers it hands its pipeline: back to
 * back (TCP), or each inside a WebSocket message whose header the framing writes in the same
 * buffer ({@link WebSocketFrameCodec}). {@link NettyConnection} owns the buffer and copies the
 * frames in; the framing says whether a frame may join the current buffer, what goes in front of
 * it, and what the buffer needs before it leaves.
 *
 * <p>Threading: confined to the channel's event loop; an instance may hold per-connection state.
 */
interface OutboundFraming {
    /** TCP: frames back to back, exactly as encoded. Stateless. */
    OutboundFraming STREAM = new OutboundFraming() {
        @Override
        public boolean fits(ByteBuf batch, EncodedFrame frame, int length) {
            return batch.writableBytes() >= length;
        }

        @Override
        public ByteBuf newBatch(ByteBufAllocator alloc, EncodedFrame frame, int length) {
            return alloc.buffer(Math.max(length, NettyConnection.BATCH_BYTES));
        }

        @Override
        public int writeHeader(ByteBuf batch, EncodedFrame frame, int length) {
            return batch.writerIndex();
        }

        @Override
        public ByteBuf complete(ByteBuf batch) {
            return batch;
        }
    };

    /** Whether {@code frame}, of {@code length} bytes, may follow what {@code batch} holds; if not, a new batch starts. */
    boolean fits(ByteBuf batch, EncodedFrame frame, int length);

    /** A buffer for a batch that starts with {@code frame}, with room for it and whatever goes in front of it. */
    ByteBuf newBatch(ByteBufAllocator alloc, EncodedFrame frame, int length);

    /**
     * Writes what goes in front of {@code frame} at the batch's writer index, without moving it,
     * and returns the index at which the frame's own bytes go.
     */
    int writeHeader(ByteBuf batch, EncodedFrame frame, int length);

    /** The batch as the pipeline gets it, once no more frames join it. */
    ByteBuf complete(ByteBuf batch);
}
