package io.stompede.netty;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the broker's memory per idle, CONNECTed TCP connection. Not a test: run it with
 * {@code bench/idle-connections.sh [connections] [client-heart-beat-ms]}.
 *
 * <p>The broker runs in this JVM; the clients run in a child JVM, because one process may hold
 * at most 20,000 open files and 10,000 connections need 10,000 on each side. The figure is the
 * used heap after full collections with the connections open, minus the same before they opened,
 * divided by their number; direct (off-heap) buffer memory and the process's resident size are
 * printed beside it.
 */
public final class IdleConnectionMemory {
    private IdleConnectionMemory() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("clients")) {
            runClients(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int heartbeatMillis = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        measure(connections, heartbeatMillis);
    }

    private static void measure(int connections, int heartbeatMillis) throws Exception {
        try (StompServer server = StompServer.builder().tcp(0)
                .maxConnections(connections + 100).maxConnectionsPerAddress(connections + 100).start()) {
            Snapshot before = Snapshot.take();
            Process clients = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), IdleConnectionMemory.class.getName(),
                    "clients", Integer.toString(server.tcpPort()), Integer.toString(connections),
                    Integer.toString(heartbeatMillis))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                BufferedReader fromClients = new BufferedReader(
                        new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
                String line = fromClients.readLine();
                if (line == null || !line.startsWith("connected ")) {
                    throw new IllegalStateException("clients failed: " + line);
                }
                int open = server.broker().stats().connectedSessions();
                Snapshot after = Snapshot.take();
                long perConnection = (after.heapUsed - before.heapUsed) / connections;
                System.out.printf("connections: %d CONNECTed (broker counts %d), client heart-beat %d ms%n",
                        connections, open, heartbeatMillis);
                System.out.printf("heap used after GC: %,d -> %,d bytes: %,d bytes per connection%n",
                        before.heapUsed, after.heapUsed, perConnection);
                System.out.printf("direct buffers: %,d -> %,d bytes; resident set: %,d -> %,d kB%n",
                        before.direct, after.direct, before.residentKb, after.residentKb);
                if (Boolean.getBoolean("stompede.bench.histogram")) {
                    printHistogram();
                }
            } finally {
                clients.destroy();
                clients.waitFor();
            }
        }
    }

    /** The heap's biggest classes, to see where the bytes per connection go. */
    private static void printHistogram() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        try (BufferedReader histogram = new BufferedReader(
                new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))) {
            histogram.lines().limit(40).forEach(System.out::println);
        }
        jcmd.waitFor();
    }

    private static void runClients(int port, int connections, int heartbeatMillis) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        ByteBuffer connect = ByteBuffer.wrap(("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:"
                + heartbeatMillis + "," + heartbeatMillis + "\n\n\0").getBytes(StandardCharsets.UTF_8));
        List<SocketChannel> channels = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            channel.connect(address);
            channel.write(connect.duplicate());
            channels.add(channel);
        }
        ByteBuffer in = ByteBuffer.allocate(4096);
        for (SocketChannel channel : channels) {
            awaitConnected(channel, in);
        }
        System.out.println("connected " + connections);
        System.out.flush();
        // Hold the connections until the parent is done measuring and ends this process. A
        // client heart-beat, when asked for, is a byte on every connection once per interval.
        if (heartbeatMillis > 0) {
            ByteBuffer eol = ByteBuffer.wrap(new byte[] {'\n'});
            while (true) {
                long next = System.currentTimeMillis() + heartbeatMillis / 2;
                for (SocketChannel channel : channels) {
                    channel.write(eol.duplicate());
                }
                sleepUntil(next);
            }
        }
        System.in.read();
    }

    private static void awaitConnected(SocketChannel channel, ByteBuffer in) throws IOException {
        StringBuilder answer = new StringBuilder();
        while (answer.indexOf("\0") < 0) {
            in.clear();
            if (channel.read(in) < 0) {
                throw new IOException("closed before CONNECTED: " + answer);
            }
            answer.append(StandardCharsets.UTF_8.decode(in.flip()));
        }
        if (!answer.toString().startsWith("CONNECTED")) {
            throw new IOException("expected CONNECTED, got " + answer);
        }
    }

    private static void sleepUntil(long epochMillis) {
        try {
            Thread.sleep(Math.max(0, epochMillis - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Memory in use after full collections. */
    private record Snapshot(long heapUsed, long direct, long residentKb) {
        static Snapshot take() throws IOException {
            for (int i = 0; i < 4; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long direct = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider metrics
                    ? metrics.metric().usedDirectMemory() : -1;
            long rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(-1);
            return new Snapshot(heap, direct, rss);
        }
    }
}
