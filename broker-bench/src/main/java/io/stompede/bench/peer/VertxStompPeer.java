package io.stompede.bench.peer;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.stomp.Destination;
import io.vertx.ext.stomp.StompServer;
import io.vertx.ext.stomp.StompServerHandler;
import io.vertx.ext.stomp.StompServerOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x STOMP server as a standalone peer: {@code java -cp benchmarks.jar
 * io.stompede.bench.peer.VertxStompPeer [tcpPort] [wsPort]}, on 127.0.0.1, WebSocket at
 * {@code /stomp}. Vert.x makes every destination a topic unless told otherwise, so names under
 * {@code /queue/} are made queues, as in the other brokers. Prints {@code listening} once both
 * listeners are bound, and runs until killed.
 */
public final class VertxStompPeer {
    private VertxStompPeer() {
    }

    public static void main(String[] args) throws Exception {
        int tcpPort = args.length > 0 ? Integer.parseInt(args[0]) : 61613;
        int wsPort = args.length > 1 ? Integer.parseInt(args[1]) : 15674;
        Vertx vertx = Vertx.vertx();
        StompServerHandler handler = StompServerHandler.create(vertx)
                .destinationFactory((v, name) -> name.startsWith("/queue/") ? Destination.queue(v, name) : Destination.topic(v, name));
        StompServer stomp = StompServer.create(vertx, new StompServerOptions()
                        .setWebsocketBridge(true).setWebsocketPath("/stomp"))
                .handler(handler);
        stomp.listen(tcpPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.createHttpServer(new HttpServerOptions().setWebSocketSubProtocols(List.of("v10.stomp", "v11.stomp", "v12.stomp")))
                .webSocketHandshakeHandler(stomp.webSocketHandshakeHandler())
                .webSocketHandler(stomp.webSocketHandler())
                .listen(wsPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("listening stomp tcp://127.0.0.1:" + tcpPort + " ws://127.0.0.1:" + wsPort + "/stomp");
    }
}
