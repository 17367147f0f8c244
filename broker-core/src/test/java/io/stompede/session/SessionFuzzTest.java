package io.stompede.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.Broker;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameLimits;
import io.stompede.inmemory.InMemoryConnection;
import io.stompede.inmemory.VirtualClock;
import io.stompede.security.AccessRules;
import io.stompede.security.LoginThrottle;
import io.stompede.security.PasswordHash;
import io.stompede.security.UsersFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated frames, fed to in-memory sessions in random pieces for a bounded time: no
 * exception may escape a session, nothing may stay behind once the clients are gone, and a
 * well-behaved client must still be served afterwards. The seed is in every failure message.
 */
class SessionFuzzTest {
    private static final Duration BUDGET = Duration.ofSeconds(2);
    private static final String[] SEEDS = {
        "CONNECT\naccept-version:1.0,1.1,1.2\nlogin:alice\npasscode:alice-pw\nheart-beat:0,0\n\n\0",
        "STOMP\naccept-version:1.2\nhost:localhost\n\n\0",
        "SUBSCRIBE\nid:1\ndestination:/topic/chat/**\nack:client\nreceipt:r\n\n\0",
        "SUBSCRIBE\nid:2\ndestination:/queue/public\nack:client-individual\n\n\0",
        "SEND\ndestination:/queue/public\ncontent-length:5\n\nhe\0lo\0",
        "SEND\ndestination:/topic/chat/a\ncontent-type:text/plain\n\nhello\0",
        "SEND\ndestination:/app/chat\ntransaction:t\n\nx\0",
        "BEGIN\ntransaction:t\n\n\0",
        "COMMIT\ntransaction:t\n\n\0",
        "ABORT\ntransaction:t\n\n\0",
        "ACK\nid:1\n\n\0",
        "NACK\nid:2\ntransaction:t\n\n\0",
        "UNSUBSCRIBE\nid:1\n\n\0",
        "SEND\ndestination:/topic/a\\cb\nx\\ty:1\n\n\0",
        "\n\r\n",
        "DISCONNECT\nreceipt:bye\n\n\0",
    };

    private final VirtualClock clock = new VirtualClock();
    private final Broker broker = Broker.builder()
            .authenticator(UsersFile.empty()
                    .withUser("alice", PasswordHash.hash("alice-pw".toCharArray(), 1_000), List.of("chat"))
                    .authenticator(true))
            .authorizer(AccessRules.parse(List.of("group:chat send,subscribe /topic/chat/**",
                    "* send,subscribe /queue/public", "group:chat send /app/chat"), "acl"))
            .loginThrottle(LoginThrottle.NONE)
            // Every fuzzed connection is dropped: with resume its session would be kept for the grace,
            // and the counts checked after the storm could not come back to zero.
            .noResume()
            .frameLimits(new FrameLimits(64 * 1024, 16, 1024, 32 * 1024))
            .maxQueueDepth(1_000)
            .application("/app/", (message, context) -> context.publish("/topic/chat/app", message.bodyAsString()))
            .build();

    @Test
    @Timeout(30)
    void randomAndMutatedFramesNeverBreakTheBroker() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int rounds = 0;
        while (System.nanoTime() < deadline) {
            fuzzOneConnection(random, seed, rounds++);
        }
        String context = "seed " + seed + ", " + rounds + " rounds";
        assertThat(broker.stats().connections()).as(context).isZero();
        assertThat(broker.stats().subscriptionCount()).as(context).isZero();
        assertThat(broker.stats().queueDepths().values()).as(context).allMatch(depth -> depth <= 1_000);

        InMemoryConnection subscriber = Clients.connected(broker, clock);
        subscriber.send(Command.SUBSCRIBE, "id", "1", "destination", "/queue/public");
        subscriber.frames();
        InMemoryConnection producer = Clients.connected(broker, clock);
        producer.sendWithBody(Command.SEND, "after the storm", "destination", "/queue/public");
        assertThat(subscriber.frames()).as(context).extracting(Frame::bodyAsString).contains("after the storm");
    }

    private void fuzzOneConnection(Random random, long seed, int round) {
        InMemoryConnection client = InMemoryConnection.open(broker, clock);
        byte[] input = input(random);
        try {
            int offset = 0;
            while (offset < input.length && !client.isClosed()) {
                int piece = 1 + random.nextInt(Math.min(input.length - offset, 512));
                byte[] chunk = new byte[piece];
                System.arraycopy(input, offset, chunk, 0, piece);
                client.sendRaw(chunk);
                offset += piece;
                client.frames();
            }
            if (random.nextInt(4) == 0) {
                clock.advance(Duration.ofSeconds(random.nextInt(30)));
            }
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("seed " + seed + ", round " + round + ", input "
                    + new String(input, StandardCharsets.ISO_8859_1), e);
        }
        client.disconnectAbruptly();
        client.frames();
    }

    /** A CONNECT most of the time, then frames from the seeds, mutated, or plain random bytes. */
    private static byte[] input(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.nextInt(4) > 0) {
            out.writeBytes(SEEDS[random.nextInt(2)].getBytes(StandardCharsets.UTF_8));
        }
        int frames = 1 + random.nextInt(12);
        for (int i = 0; i < frames; i++) {
            byte[] frame = SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.UTF_8);
            switch (random.nextInt(5)) {
                case 0 -> out.writeBytes(frame);
                case 1 -> out.writeBytes(flip(frame, random));
                case 2 -> out.writeBytes(Arrays.copyOf(frame, random.nextInt(frame.length + 1)));
                case 3 -> {
                    byte[] noise = new byte[random.nextInt(256)];
                    random.nextBytes(noise);
                    out.writeBytes(noise);
                }
                default -> out.writeBytes(insert(frame, random));
            }
        }
        return out.toByteArray();
    }

    private static byte[] flip(byte[] frame, Random random) {
        byte[] copy = frame.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && copy.length > 0; i++) {
            int at = random.nextInt(copy.length);
            copy[at] = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> (byte) '\n';
                case 2 -> (byte) ':';
                default -> (byte) random.nextInt(256);
            };
        }
        return copy;
    }

    /** Inserts a run of one byte (or of a long header value) somewhere in the frame. */
    private static byte[] insert(byte[] frame, Random random) {
        int at = random.nextInt(frame.length + 1);
        byte[] run = new byte[random.nextInt(4) == 0 ? 2_000 : random.nextInt(64)];
        Arrays.fill(run, (byte) "a\\:\n0".charAt(random.nextInt(5)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frame, 0, at);
        out.writeBytes(run);
        out.write(frame, at, frame.length - at);
        return out.toByteArray();
    }
}
