package io.stompede.test.server;

import java.util.concurrent.CountDownLatch;

/**
 * {@code ./stompede test-server [--control-port N]}: starts the test server and prints where it
 * listens, one line each, then serves until it is stopped.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int controlPort = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--control-port") && i + 1 < args.length) {
                controlPort = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: test-server [--control-port N]");
                System.exit(2);
            }
        }
        TestServer server = TestServer.start(controlPort);
        // What a test in another language reads to find the server: this program's whole output.
        System.out.println("test-server stomp " + server.broker().tcpUri());
        System.out.println("test-server stomp " + server.broker().webSocketUri());
        System.out.println("test-server control " + server.controlUri());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
