package io.stompede.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;

/**
 * The I/O engine under the listeners: Linux epoll when its native library loads (fewer
 * allocations and system calls per connection), Java NIO everywhere else. Immutable.
 */
final class IoTransport {
    private final String name;
    private final Supplier<IoHandlerFactory> handlerFactory;
    private final Class<? extends ServerChannel> serverChannelClass;

    private IoTransport(String name, Supplier<IoHandlerFactory> handlerFactory,
                        Class<? extends ServerChannel> serverChannelClass) {
        this.name = name;
        this.handlerFactory = handlerFactory;
        this.serverChannelClass = serverChannelClass;
    }

    /** Epoll when {@code preferNative} and it is available, NIO otherwise. */
    static IoTransport select(boolean preferNative) {
        if (preferNative && Epoll.isAvailable()) {
            return new IoTransport("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class);
        }
        return new IoTransport("nio", NioIoHandler::newFactory, NioServerSocketChannel.class);
    }

    /** A new group of {@code threads} event loops (0 means Netty's default), named for thread dumps. */
    EventLoopGroup newGroup(int threads, String threadPrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix),
                handlerFactory.get());
    }

    Class<? extends ServerChannel> serverChannelClass() {
        return serverChannelClass;
    }

    String name() {
        return name;
    }
}
