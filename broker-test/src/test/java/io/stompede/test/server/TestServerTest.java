package io.stompede.test.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test server's HTTP control API, as a test in another language would drive it. */
class TestServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.controlUri() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode sessions() throws Exception {
        HttpResponse<String> response = call("GET", "/sessions", "");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Sends CONNECT and returns the broker's first answer. */
    private static String connect(Socket socket) throws Exception {
        socket.getOutputStream().write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0".getBytes(StandardCharsets.UTF_8));
        return read(socket.getInputStream());
    }

    private static String read(InputStream in) throws Exception {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (int b = in.read(); b > 0; b = in.read()) {
            frame.write(b);
        }
        return frame.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theRecordingIsReadAsJsonAndFaultsAreSetClearedAndReset() throws Exception {
        int port = server.broker().tcpPort();
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            assertThat(connect(client)).startsWith("CONNECTED");
        }
        server.broker().recording().await(Duration.ofSeconds(10),
                () -> server.broker().recording().sessions().size() == 1
                        && server.broker().recording().sessions().get(0).isClosed());
        JsonNode recorded = sessions();
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).get("transport").asText()).isEqualTo("tcp");
        assertThat(recorded.get(0).get("frames").get(0).get("direction").asText()).isEqualTo("client");
        assertThat(recorded.get(0).get("frames").get(0).get("command").asText()).isEqualTo("CONNECT");
        assertThat(recorded.get(0).get("frames").get(0).get("headers").get("accept-version").asText()).isEqualTo("1.2");
        assertThat(recorded.get(0).get("frames").get(1).get("command").asText()).isEqualTo("CONNECTED");

        assertThat(call("POST", "/faults/refuse-connect?message=closed+for+lunch", "").statusCode()).isEqualTo(200);
        try (Socket refused = new Socket("127.0.0.1", port)) {
            refused.setSoTimeout(10_000);
            assertThat(connect(refused)).startsWith("ERROR").contains("message:closed for lunch");
        }
        assertThat(call("DELETE", "/faults", "").statusCode()).isEqualTo(200);
        try (Socket again = new Socket("127.0.0.1", port)) {
            again.setSoTimeout(10_000);
            assertThat(connect(again)).startsWith("CONNECTED");
        }

        assertThat(call("POST", "/reset", "").statusCode()).isEqualTo(200);
        assertThat(sessions()).isEmpty();
    }

    @Test
    void aFrameToSendIsTheRequestBodyAndAnUnknownFaultIsABadRequest() throws Exception {
        try (Socket client = new Socket("127.0.0.1", server.broker().tcpPort())) {
            client.setSoTimeout(10_000);
            connect(client);
            server.broker().recording().firstSession();
            String odd = "MESSAGE\nsubscription:x\nmessage-id:1\ndestination:/topic/odd\n\nodd\0";

            assertThat(call("POST", "/faults/send?session=0", odd).statusCode()).isEqualTo(200);

            assertThat(read(client.getInputStream())).isEqualTo(odd.substring(0, odd.length() - 1));
        }
        HttpResponse<String> unknown = call("POST", "/faults/set-fire", "");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).contains("set-fire");
        assertThat(call("POST", "/faults/drop", "").statusCode()).as("no session named").isEqualTo(400);
    }

    @Test
    void aRestartKeepsPersistentMessagesAndThePorts() throws Exception {
        int port = server.broker().tcpPort();
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            connect(client);
            client.getOutputStream().write("SEND\ndestination:/queue/kept\npersistent:true\nreceipt:r\n\nkept\0"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(read(client.getInputStream())).startsWith("RECEIPT");
        }

        assertThat(call("POST", "/restart", "").statusCode()).isEqualTo(200);

        assertThat(server.broker().tcpPort()).isEqualTo(port);
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            connect(client);
            client.getOutputStream().write("SUBSCRIBE\nid:1\ndestination:/queue/kept\n\n\0".getBytes(StandardCharsets.UTF_8));
            assertThat(read(client.getInputStream())).startsWith("MESSAGE").endsWith("kept");
        }
    }
}
