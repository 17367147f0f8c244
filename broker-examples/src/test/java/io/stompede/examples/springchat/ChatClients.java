package io.stompede.examples.springchat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * Spring's own {@code WebSocketStompClient}, as the chat's page uses the server: it signs in with
 * CONNECT's {@code login} and {@code passcode}, sends JSON bodies, and collects what arrives for a
 * test to wait on. Bodies stay bytes ({@code SimpleMessageConverter}): the test reads the JSON
 * itself. Close it after the test.
 */
final class ChatClients implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
    private final List<StompSession> sessions = new CopyOnWriteArrayList<>();

    ChatClients() {
        scheduler.setPoolSize(2);
        scheduler.initialize();
        client.setMessageConverter(new SimpleMessageConverter());
        client.setTaskScheduler(scheduler);
    }

    /** A session signed in as {@code user} with {@code password}, once CONNECTED; its ERRORs go to {@code errors}. */
    StompSession signIn(String endpoint, String user, String password, Errors errors) throws Exception {
        StompHeaders connect = new StompHeaders();
        connect.setLogin(user);
        connect.setPasscode(password);
        StompSession session = client.connectAsync(endpoint, new WebSocketHttpHeaders(), connect, errors)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        session.setAutoReceipt(true);
        sessions.add(session);
        return session;
    }

    /** Signs in as {@code user} with the demo password of {@code spring-chat.properties}. */
    StompSession signIn(String endpoint, String user) throws Exception {
        return signIn(endpoint, user, user + "-secret", new Errors());
    }

    /** Tries to sign in and gives what went wrong: the test expects a refusal. */
    String refusedSignIn(String endpoint, StompHeaders connect) throws InterruptedException {
        Errors errors = new Errors();
        client.connectAsync(endpoint, new WebSocketHttpHeaders(), connect, errors);
        return errors.next();
    }

    /** Subscribes with {@code headers} and waits for the RECEIPT: then the broker has the subscription. */
    static Inbox subscribe(StompSession session, StompHeaders headers) throws InterruptedException {
        Inbox inbox = new Inbox();
        BlockingQueue<Boolean> receipt = new LinkedBlockingQueue<>();
        session.subscribe(headers, inbox).addReceiptTask(() -> receipt.add(true));
        assertThat(receipt.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("a RECEIPT within " + WAIT).isNotNull();
        return inbox;
    }

    static Inbox subscribe(StompSession session, String destination) throws InterruptedException {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        return subscribe(session, headers);
    }

    /** SENDs {@code json} to {@code destination}, as the page does. */
    static void send(StompSession session, String destination, String json) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.set("content-type", "application/json");
        session.send(headers, json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (StompSession session : sessions) {
            try {
                session.disconnect();
            } catch (RuntimeException e) {
                // The server closed it first (after an ERROR), while the client still thought it open.
            }
        }
        client.stop();
        scheduler.shutdown();
    }

    /** One MESSAGE: its headers and JSON body. */
    record Received(StompHeaders headers, JsonNode json) {
    }

    /**
     * What one subscription received, in order: presence events (ENTER, LEAVE, MEMBERS) apart from
     * the rest, so that a test of messages need not step over who came and went. Thread-safe.
     */
    static final class Inbox implements StompFrameHandler {
        private static final Set<String> PRESENCE = Set.of("ENTER", "LEAVE", "MEMBERS");
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        private final BlockingQueue<Received> presence = new LinkedBlockingQueue<>();

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return byte[].class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            Received message = new Received(headers, json((byte[]) payload));
            boolean isPresence = message.json().has("type") && PRESENCE.contains(message.json().get("type").asText());
            (isPresence ? presence : received).add(message);
        }

        /** The next message but presence events, waiting for it up to {@link #WAIT}; fails if none comes. */
        Received next() throws InterruptedException {
            return next(received);
        }

        /** The next presence event, waiting for it up to {@link #WAIT}; fails if none comes. */
        Received nextPresence() throws InterruptedException {
            return next(presence);
        }

        private static Received next(BlockingQueue<Received> queue) throws InterruptedException {
            Received next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("a message within " + WAIT).isNotNull();
            return next;
        }

        /** The next message if one has come, else {@code null}; for a test that waits with Awaitility. */
        Received poll() {
            return received.poll();
        }
    }

    /**
     * A session's troubles: ERROR frames (as {@code ERROR message: body}, or {@code ERROR message}
     * for an empty body) and transport failures. Thread-safe.
     */
    static final class Errors extends StompSessionHandlerAdapter {
        private final BlockingQueue<String> errors = new LinkedBlockingQueue<>();

        @Override
        public void handleException(StompSession session, StompCommand command, StompHeaders headers, byte[] payload,
                                    Throwable exception) {
            errors.add(String.valueOf(exception));
        }

        @Override
        public void handleTransportError(StompSession session, Throwable exception) {
            errors.add(String.valueOf(exception));
        }

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return byte[].class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            // Spring's client gives no payload for an ERROR without a body.
            String detail = payload == null ? "" : new String((byte[]) payload, StandardCharsets.UTF_8).strip();
            errors.add("ERROR " + headers.getFirst("message") + (detail.isEmpty() ? "" : ": " + detail));
        }

        /** The next trouble, waiting for it up to {@link #WAIT}. */
        String next() throws InterruptedException {
            String next = errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("an error within " + WAIT).isNotNull();
            return next;
        }
    }
}
