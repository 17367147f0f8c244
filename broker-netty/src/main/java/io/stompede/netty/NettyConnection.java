package io.stompede.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.FastThreadLocal;
import io.stompede.frame.EncodedFrame;
import io.stompede.transport.Connection;
import io.stompede.transport.ConnectionInfo;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's {@link Connection} over one Netty channel. Frames become {@link ByteBuf}s written
 * from the tail handler's context, so whatever sits in front of it (a WebSocket framer, TLS) sees
 * plain bytes whatever the transport.
 *
 * <p>The frames written between two flushes share pooled buffers of {@value #BATCH_BYTES} bytes
 * (a larger frame gets one of its own): a batch of deliveries costs one buffer and one outbound
 * entry per 16 KiB instead of one per frame. A frame is encoded into an array that the event
 * loop's thread reuses and copied into the batch from there, because asking a Netty 4.2 buffer
 * for an NIO view to encode into allocates a view every time: one per delivery where each flush
 * carries one frame, as in a chat room. The batch is handed to Netty at {@link #flush()}, so an
 * idle connection holds no buffer. The connection's {@link OutboundFraming} decides how frames
 * sit in the batch: back to back on TCP, each in a WebSocket message of its own (or sharing
 * messages) on WebSocket, the message headers written into the same buffer.
 *
 * <p>Threading: {@link #write}, {@link #flush}, {@link #close} and {@link #isWritable} run on the
 * channel's event loop, as the {@code Connection} contract says; {@link #execute} and
 * {@link #schedule} may be called from any thread.
 */
final class NettyConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(NettyConnection.class);
    private static final Cancellable NOT_SCHEDULED = () -> { };
    /** The size of a shared write buffer: enough for dozens of typical MESSAGE frames. */
    static final int BATCH_BYTES = 16 * 1024;
    /** Frames up to this size are encoded into the thread's staging array; larger ones in place. */
    static final int STAGING_BYTES = 64 * 1024;
    private static final FastThreadLocal<ByteBuffer> STAGING = new FastThreadLocal<>() {
        @Override
        protected ByteBuffer initialValue() {
            return ByteBuffer.allocate(STAGING_BYTES);
        }
    };

    private final ChannelHandlerContext ctx;
    private final Channel channel;
    private final ConnectionInfo info;
    private final long closeLingerMillis;
    /** Set once {@link #close()} has been asked for; nothing is written after it. */
    private boolean closing;
    private final OutboundFraming framing;
    /** Frames written since the last hand-over to Netty, or null. */
    private ByteBuf batch;

    /**
     * @param ctx               the tail handler's context: writes start there and pass every
     *                          outbound handler in front of it
     * @param closeLingerMillis how long {@link #close()} waits for written bytes to drain to a
     *                          peer that does not read, before it closes anyway
     */
    NettyConnection(ChannelHandlerContext ctx, ConnectionInfo info, long closeLingerMillis) {
        this(ctx, info, closeLingerMillis, OutboundFraming.STREAM);
    }

    /** @param framing how frames are laid out in what the pipeline gets: {@link OutboundFraming#STREAM} on TCP */
    NettyConnection(ChannelHandlerContext ctx, ConnectionInfo info, long closeLingerMillis, OutboundFraming framing) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        this.info = info;
        this.closeLingerMillis = closeLingerMillis;
        this.framing = framing;
    }

    @Override
    public void write(EncodedFrame frame) {
        if (closing || !channel.isActive()) {
            return;
        }
        int length = frame.length();
        if (batch != null && !framing.fits(batch, frame, length)) {
            handOver();
        }
        if (batch == null) {
            batch = framing.newBatch(ctx.alloc(), frame, length);
        }
        // A frame that fails half-way has not moved the batch's writer index: nothing of it is sent.
        int index = framing.writeHeader(batch, frame, length);
        if (length <= STAGING_BYTES) {
            ByteBuffer staging = STAGING.get().clear();
            frame.writeTo(staging);
            batch.setBytes(index, staging.array(), 0, length);
        } else {
            // Rare, and the view costs little next to copying a frame this big.
            frame.writeTo(batch.nioBuffer(index, length));
        }
        batch.writerIndex(index + length);
    }

    /** Passes the batch to the pipeline, unflushed. */
    private void handOver() {
        ByteBuf full = batch;
        batch = null;
        // The void promise saves an allocation per write; a failed write still reaches
        // exceptionCaught, which closes the channel.
        ctx.write(framing.complete(full), ctx.voidPromise());
    }

    @Override
    public void flush() {
        if (batch != null) {
            if (channel.isActive()) {
                handOver();
            } else {
                released();
            }
        }
        ctx.flush();
    }

    /** Drops a batch that can no longer be sent; called once the channel is inactive. */
    void released() {
        if (batch != null) {
            batch.release();
            batch = null;
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (!channel.isActive()) {
            released();
            channel.close();
            return;
        }
        if (batch != null) {
            handOver();
        }
        // An empty buffer completes only after everything written before it has gone out, so the
        // peer gets a final ERROR or RECEIPT before the close. A peer that does not read would
        // hold that forever: the linger bounds it.
        ChannelFuture drained = ctx.writeAndFlush(Unpooled.EMPTY_BUFFER);
        if (drained.isDone()) {
            channel.close();
            return;
        }
        drained.addListener(ChannelFutureListener.CLOSE);
        ScheduledFuture<?> forced = channel.eventLoop().schedule(
                () -> { channel.close(); }, closeLingerMillis, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> forced.cancel(false));
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void setReading(boolean reading) {
        channel.config().setAutoRead(reading);
    }

    @Override
    public void execute(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down with the server: the connection is gone with it.
            log.debug("task dropped for {}: event loop shut down", channel, e);
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            ScheduledFuture<?> future = channel.eventLoop().schedule(task, delay, unit);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            log.debug("timer dropped for {}: event loop shut down", channel, e);
            return NOT_SCHEDULED;
        }
    }

    @Override
    public ConnectionInfo info() {
        return info;
    }

    @Override
    public String toString() {
        // Behind a trusted proxy the channel shows the proxy's address: name the client too.
        SocketAddress client = info.remoteAddress();
        return client == null || client.equals(channel.remoteAddress())
                ? "NettyConnection" + channel
                : "NettyConnection" + channel + " for " + client;
    }
}
