package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * Spring's own {@code WebSocketStompClient}, as a browser stand-in: String payloads, receipts and
 * heart-beats on a scheduler, and what arrives collected for a test to wait on. Close it after the test.
 */
final class Clients implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final WebSocketStompClient client;
    private final List<StompSession> sessions = new CopyOnWriteArrayList<>();

    Clients() {
        this(new StandardWebSocketClient());
    }

    /** Clients over {@code transport}: a SockJS client, say. */
    Clients(WebSocketClient transport) {
        client = new WebSocketStompClient(transport);
        scheduler.setPoolSize(2);
        scheduler.initialize();
        client.setMessageConverter(new StringMessageConverter());
        client.setTaskScheduler(scheduler);
    }

    /** A connected session to {@code url}, asking receipts for every frame; the ERRORs and transport failures it sees go to {@code errors}. */
    StompSession connect(String url, Errors errors) throws Exception {
        StompSession session = client.connectAsync(url, errors).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // Every frame asks for a RECEIPT, which the broker, not Spring, answers.
        session.setAutoReceipt(true);
        sessions.add(session);
        return session;
    }

    StompSession connect(String url) throws Exception {
        return connect(url, new Errors());
    }

    /** Subscribes with a receipt and waits for it: when this returns, the broker has the subscription. */
    static Inbox subscribe(StompSession session, StompHeaders headers) throws InterruptedException {
        Inbox inbox = new Inbox();
        Receipts receipt = new Receipts();
        session.subscribe(headers, inbox).addReceiptTask(receipt::received);
        receipt.await();
        return inbox;
    }

    static Inbox subscribe(StompSession session, String destination) throws InterruptedException {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        return subscribe(session, headers);
    }

    /** What ACK and NACK quote in STOMP 1.2: the MESSAGE's ack header. */
    static StompHeaders ackOf(Received message) {
        StompHeaders ack = new StompHeaders();
        ack.setId(message.headers().getAck());
        return ack;
    }

    @Override
    public void close() {
        for (StompSession session : sessions) {
            try {
                session.disconnect();
            } catch (RuntimeException e) {
                // The broker closed it first (after an ERROR, say), while the client still thought it open.
            }
        }
        client.stop();
        scheduler.shutdown();
    }

    /** One MESSAGE: its headers and text. */
    record Received(StompHeaders headers, String text) {
    }

    /** What one subscription received, in order. Thread-safe. */
    static final class Inbox implements StompFrameHandler {
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return String.class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            received.add(new Received(headers, (String) payload));
        }

        /** The next message, waiting for it up to {@link #WAIT}; fails if none comes. */
        Received next() throws InterruptedException {
            Received next = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("a message within " + WAIT).isNotNull();
            return next;
        }

        /** The next message if one has come, else {@code null}; for a test that waits with Awaitility. */
        Received poll() {
            return received.poll();
        }

        /** The text of the next message. */
        String nextText() throws InterruptedException {
            return next().text();
        }
    }

    /** Counts a receipt and lets a test wait for it. Thread-safe. */
    static final class Receipts {
        private final BlockingQueue<Boolean> arrived = new LinkedBlockingQueue<>();

        void received() {
            arrived.add(true);
        }

        void await() throws InterruptedException {
            assertThat(arrived.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("a RECEIPT within " + WAIT).isNotNull();
        }
    }

    /** The session-level troubles of a client: ERROR frames and transport failures. Thread-safe. */
    static final class Errors extends StompSessionHandlerAdapter {
        final BlockingQueue<String> errors = new LinkedBlockingQueue<>();

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
            return String.class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            // An ERROR frame: its message header says what the broker refused.
            errors.add("ERROR " + headers.getFirst("message"));
        }

        /** The next trouble, waiting for it up to {@link #WAIT}. */
        String next() throws InterruptedException {
            String next = errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("an error within " + WAIT).isNotNull();
            return next;
        }
    }
}
