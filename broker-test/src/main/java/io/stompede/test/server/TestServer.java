package io.stompede.test.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stompede.frame.Command;
import io.stompede.test.RecordedFrame;
import io.stompede.test.RecordedSession;
import io.stompede.test.TestBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test kit for clients in other languages: a {@link TestBroker} over TCP and WebSocket with an
 * HTTP control API on loopback, whose JSON a test in any language reads and drives.
 *
 * <ul>
 *   <li>{@code GET /sessions}: every session recorded, with its frames both ways, its
 *       violations of the specification and what was not STOMP.</li>
 *   <li>{@code POST /faults/NAME?...}: sets a fault, named as {@link io.stompede.test.Faults}
 *       names them in kebab case: {@code drop?session=N}, {@code drop-connection-after?frames=N},
 *       {@code refuse-connect?message=M}, {@code error-for?command=SEND&message=M},
 *       {@code stall-deliveries}, {@code resume-deliveries},
 *       {@code delay-deliveries?millis=N}, {@code stop-heartbeats}, {@code delay-heartbeats?millis=N},
 *       {@code corrupt-next-frame}, {@code split-frames}, {@code send?session=N} (the request
 *       body is the bytes to send).</li>
 *   <li>{@code DELETE /faults}: ends every fault. {@code POST /reset}: that, and forgets the
 *       sessions recorded. {@code POST /restart}: restarts the broker on the same ports.</li>
 * </ul>
 *
 * <p>Thread-safe: requests are served one at a time.
 */
public final class TestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TestServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestBroker broker;
    private final HttpServer control;

    private TestServer(TestBroker broker, HttpServer control) {
        this.broker = broker;
        this.control = control;
    }

    /** Starts a broker, durable so that a restart keeps its messages, and its control API on {@code controlPort} (0: free). */
    public static TestServer start(int controlPort) throws IOException {
        TestBroker broker = TestBroker.tcpAndWebSocket().durable();
        broker.beforeAll(null);
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", controlPort), 0);
        TestServer server = new TestServer(broker, control);
        control.createContext("/", server::handle);
        control.start();
        return server;
    }

    /** The broker served. */
    public TestBroker broker() {
        return broker;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI controlUri() {
        return URI.create("http://127.0.0.1:" + control.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                answer(exchange);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                reply(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
            } catch (RuntimeException e) {
                LOG.warn("The test server could not answer {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI(), e);
                reply(exchange, 500, Map.of("error", e.toString()));
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Object answer;
        if (method.equals("GET") && path.equals("/sessions")) {
            answer = sessions();
        } else if (method.equals("DELETE") && path.equals("/faults")) {
            broker.faults().clear();
            answer = Map.of("faults", "cleared");
        } else if (method.equals("POST") && path.startsWith("/faults/")) {
            fault(path.substring("/faults/".length()), query, exchange.getRequestBody().readAllBytes());
            answer = Map.of("fault", path.substring("/faults/".length()));
        } else if (method.equals("POST") && path.equals("/reset")) {
            broker.faults().clear();
            broker.recording().clear();
            answer = Map.of("reset", true);
        } else if (method.equals("POST") && path.equals("/restart")) {
            broker.restart();
            answer = Map.of("restarted", true);
        } else {
            reply(exchange, 404, Map.of("error", "no such operation: " + method + " " + path));
            return;
        }
        reply(exchange, 200, answer);
    }

    private void fault(String name, Map<String, String> query, byte[] body) {
        switch (name) {
            case "drop" -> broker.faults().drop(number(query, "session"));
            case "drop-connection-after" -> broker.faults().dropConnectionAfter(number(query, "frames"));
            case "refuse-connect" -> broker.faults().refuseConnect(query.getOrDefault("message", "refused"));
            case "error-for" -> {
                Command command = Command.valueOf(query.getOrDefault("command", ""));
                broker.faults().answerWithError(frame -> frame.command() == command,
                        query.getOrDefault("message", "refused"));
            }
            case "stall-deliveries" -> broker.faults().stallDeliveries();
            case "resume-deliveries" -> broker.faults().resumeDeliveries();
            case "delay-deliveries" -> broker.faults().delayDeliveries(Duration.ofMillis(number(query, "millis")));
            case "stop-heartbeats" -> broker.faults().stopHeartbeats();
            case "delay-heartbeats" -> broker.faults().delayHeartbeats(Duration.ofMillis(number(query, "millis")));
            case "corrupt-next-frame" -> broker.faults().corruptNextFrame();
            case "split-frames" -> broker.faults().splitFrames();
            case "send" -> broker.faults().send(number(query, "session"), new String(body, StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException("no such fault: " + name);
        }
    }

    private List<Map<String, Object>> sessions() {
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (RecordedSession session : broker.recording().sessions()) {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("index", session.index());
            described.put("transport", session.connection().transport());
            described.put("closed", session.isClosed());
            List<Map<String, Object>> frames = new ArrayList<>();
            for (RecordedFrame frame : session.frames()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("direction", frame.direction() == RecordedFrame.Direction.CLIENT_TO_BROKER ? "client" : "broker");
                entry.put("at", frame.at().toString());
                if (frame.isHeartbeat()) {
                    entry.put("heartbeat", true);
                } else {
                    entry.put("command", frame.frame().command().name());
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (int i = 0; i < frame.frame().headers().size(); i++) {
                        headers.putIfAbsent(frame.frame().headers().name(i), frame.frame().headers().value(i));
                    }
                    entry.put("headers", headers);
                    entry.put("body", frame.frame().bodyAsString());
                }
                frames.add(entry);
            }
            described.put("frames", frames);
            described.put("violations", session.violations());
            described.put("malformed", session.malformed());
            sessions.add(described);
        }
        return sessions;
    }

    private static int number(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing query parameter " + name);
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was " + value);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void reply(HttpExchange exchange, int status, Object answer) throws IOException {
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        control.stop(0);
        broker.afterAll(null);
    }
}
