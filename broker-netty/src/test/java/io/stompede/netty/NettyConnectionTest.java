package io.stompede.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.stompede.transport.ConnectionInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames written between two flushes share buffers, arrive whole and in order, and leak nothing. */
class NettyConnectionTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final NettyConnection connection;

    NettyConnectionTest() {
        ChannelHandlerContext[] tail = new ChannelHandlerContext[1];
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                tail[0] = ctx;
            }
        });
        connection = new NettyConnection(tail[0], new ConnectionInfo("tcp", null, null, false, List.of()), 1_000);
    }

    @Test
    void framesBetweenFlushesShareABufferAndKeepTheirOrder() {
        connection.write(RawFrames.of("MESSAGE\n\none\0"));
        connection.write(RawFrames.of("MESSAGE\n\ntwo\0"));
        assertThat((Object) channel.readOutbound()).as("nothing leaves before the flush").isNull();

        connection.flush();

        ByteBuf out = channel.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("MESSAGE\n\none\0MESSAGE\n\ntwo\0");
        out.release();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void aFrameThatDoesNotFitStartsTheNextBufferAndABigOneGetsItsOwn() {
        String small = "MESSAGE\n\n" + "s".repeat(NettyConnection.BATCH_BYTES - 20) + "\0";
        String big = "MESSAGE\n\n" + "b".repeat(NettyConnection.STAGING_BYTES + 1) + "\0";
        String last = "MESSAGE\n\nlast\0";
        connection.write(RawFrames.of(small));
        connection.write(RawFrames.of(big));
        connection.write(RawFrames.of(last));
        connection.flush();

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int buffers = 0;
        for (ByteBuf out; (out = channel.readOutbound()) != null; buffers++) {
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            received.writeBytes(bytes);
            out.release();
        }
        assertThat(received.toString(StandardCharsets.US_ASCII)).isEqualTo(small + big + last);
        assertThat(buffers).as("the small one, the big one alone, then the last").isEqualTo(3);
    }

    @Test
    void aFrameLargerThanTheBatchButNotTheStagingArrayIsWholeToo() {
        String medium = "MESSAGE\n\n" + "m".repeat(3 * NettyConnection.BATCH_BYTES) + "\0";
        connection.write(RawFrames.of(medium));
        connection.flush();

        ByteBuf out = channel.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(medium);
        out.release();
    }

    @Test
    void closeSendsWhatWasWrittenFirst() {
        connection.write(RawFrames.of("ERROR\n\nbye\0"));
        connection.close();

        ByteBuf out = channel.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("ERROR\n\nbye\0");
        out.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aBatchLeftWhenTheChannelGoesIsReleased() {
        connection.write(RawFrames.of("MESSAGE\n\nlost\0"));
        channel.close();
        connection.released();
        connection.flush();

        assertThat((Object) channel.readOutbound()).isNull();
    }
}
