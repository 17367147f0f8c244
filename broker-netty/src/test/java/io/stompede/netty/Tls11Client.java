package io.stompede.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A TLS client that speaks only TLS 1.1, for proving that the server is the one that refuses it.
 * The JDK's own client has TLS 1.1 disabled ({@code jdk.tls.disabledAlgorithms}), so a refusal
 * seen through it proves nothing about the server; this client uses BoringSSL (netty-tcnative),
 * which still offers TLS 1.1 when told to and ignores the JDK's security properties, so neither
 * the test JVM's settings nor the server in it are touched. Confined to the test thread.
 */
final class Tls11Client implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final SslContext context;

    Tls11Client(Path trustedCertificate) throws SSLException {
        if (!OpenSsl.isAvailable()) {
            throw new IllegalStateException("netty-tcnative is needed for a TLS 1.1 client", OpenSsl.unavailabilityCause());
        }
        this.context = SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL)
                .protocols("TLSv1.1")
                // Every suite BoringSSL has, so that no cipher mismatch can hide a version refusal.
                .ciphers(null, IdentityCipherSuiteFilter.INSTANCE_DEFAULTING_TO_SUPPORTED_CIPHERS)
                .trustManager(trustedCertificate.toFile())
                .build();
    }

    /** A server context speaking only TLS 1.1, as the control that shows this client can. */
    static SslContext tls11Server(TestCertificate certificate) throws SSLException {
        return SslContextBuilder.forServer(certificate.certificateFile().toFile(), certificate.keyFile().toFile())
                .sslProvider(SslProvider.OPENSSL)
                .protocols("TLSv1.1")
                .ciphers(null, IdentityCipherSuiteFilter.INSTANCE_DEFAULTING_TO_SUPPORTED_CIPHERS)
                .build();
    }

    /** Handshakes with the server on {@code port}: the protocol agreed, or the failure as thrown. */
    String handshake(int port) throws Exception {
        SslHandler ssl = context.newHandler(ByteBufAllocator.DEFAULT, "localhost", port);
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                // The handshake future reports the failure; this only keeps the log quiet.
                                ctx.close();
                            }
                        });
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        try {
            Future<Channel> handshake = ssl.handshakeFuture();
            if (!handshake.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("no end to the TLS handshake within 10 s");
            }
            if (!handshake.isSuccess()) {
                throw (Exception) handshake.cause();
            }
            return ssl.engine().getSession().getProtocol();
        } finally {
            channel.close().sync();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
