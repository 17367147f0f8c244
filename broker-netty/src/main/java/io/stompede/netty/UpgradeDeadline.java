package io.stompede.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Closes a WebSocket listener's connection that carries no STOMP session yet and has been quiet
 * for the broker's connect timeout: a browser's keep-alive connection left open after fetching a
 * page, or a client that opened a socket and sent nothing. Each would otherwise hold a file
 * descriptor and a connection slot for as long as the peer liked. The upgrade to WebSocket
 * removes it; from then on the CONNECT timeout and the heart-beats watch the connection.
 *
 * <p>Threading: one per channel, on its event loop.
 */
final class UpgradeDeadline extends IdleStateHandler {
    static final String NAME = "upgrade-deadline";

    UpgradeDeadline(long quietMillis) {
        super(0, 0, quietMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        ctx.close();
    }
}
