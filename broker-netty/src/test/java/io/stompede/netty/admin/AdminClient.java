package io.stompede.netty.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/** The admin endpoint over real HTTP, with or without Basic credentials. Thread-safe. */
final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI root;

    AdminClient(URI root) {
        this.root = root;
    }

    /** One answer: its status, headers and body as text. */
    record Answer(int status, HttpResponse<String> response) {
        String body() {
            return response.body();
        }

        JsonNode json() throws IOException {
            return JSON.readTree(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Answer get(String path, String user, String password) throws IOException, InterruptedException {
        return send("GET", path, user, password, null);
    }

    Answer get(String path, String user, String password, String accept) throws IOException, InterruptedException {
        return send("GET", path, user, password, accept);
    }

    /** A DELETE as the status page sends it: with {@code X-Stompede-Admin: 1}. */
    Answer delete(String path, String user, String password) throws IOException, InterruptedException {
        return send("DELETE", path, user, password, null, "X-Stompede-Admin", "1");
    }

    Answer head(String path, String user, String password) throws IOException, InterruptedException {
        return send("HEAD", path, user, password, null);
    }

    /** {@code method} on {@code path}, with Basic credentials unless {@code user} is null, and more headers (name, value, ...). */
    Answer send(String method, String path, String user, String password, String accept, String... headers)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(method, path, user, password, accept, headers),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response);
    }

    /** The same, not waiting for the answer. */
    CompletableFuture<Answer> sendAsync(String method, String path, String user, String password) {
        return http.sendAsync(request(method, path, user, password, null), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Answer(response.statusCode(), response));
    }

    private HttpRequest request(String method, String path, String user, String password, String accept,
                                String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path)).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }
}
