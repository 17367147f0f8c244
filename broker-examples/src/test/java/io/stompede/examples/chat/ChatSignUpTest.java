package io.stompede.examples.chat;

import static io.stompede.examples.chat.ChatServerTest.nextOfType;
import static io.stompede.examples.chat.TestChat.createRoom;
import static io.stompede.examples.chat.TestChat.say;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stompede.examples.SocketClient;
import io.stompede.security.UsersFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /signup} over real HTTP: names in lower case and ASCII, the limits per address and
 * in all, the connection closed after the answer, and two instances in one JVM on one users file.
 */
@Timeout(60)
class ChatSignUpTest {
    private static final String PASSWORD = "a-good-password";
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] \\d{3} ");

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ChatServer> chats = new ArrayList<>();

    @AfterEach
    void stop() {
        chats.forEach(ChatServer::close);
    }

    private ChatServer start(ChatServer.Builder builder) throws IOException {
        ChatServer chat = builder.start();
        chats.add(chat);
        return chat;
    }

    @Test
    void aNameIsKeptInLowerCaseAndItsOwnerSignsInInAnyCaseAsThatOneUser() throws Exception {
        TestChat.users(dir, "bob");
        ChatServer chat = start(TestChat.server(dir));

        HttpResponse<String> created = signUp(chat, "Alice.B", PASSWORD);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(UsersFile.load(chat.usersFile()).user("alice.b")).isPresent();

        HttpResponse<String> again = signUp(chat, "ALICE.b", "another-password");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("the name alice.b is taken");

        try (SocketClient alice = SocketClient.connect(chat.tcpPort(), "aLiCe.B", PASSWORD)) {
            createRoom(alice, "Lobby");
            alice.subscribe("/subscribe/chat/room/1", "a");
            say(alice, 1, "hi");
            JsonNode message = nextOfType(alice, "MESSAGE");
            assertThat(message.get("writer").asText()).as("one user, whatever the case of the login").isEqualTo("alice.b");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "\u0430lice", // a Cyrillic a: looks like alice
            "\u00e5lice",
            "al\u212Aice", // the Kelvin sign, whose lower case is an ASCII k
            "a",
            "abcdefghijklmnopqrstuvwxyz0123456",
            "-alice",
            "al ice",
            ""})
    void aNameOfAnythingButTwoTo32AsciiLettersDigitsAndDotUnderscoreDashIsRefused(String name) throws Exception {
        TestChat.users(dir);
        ChatServer chat = start(TestChat.server(dir).signUpsPerMinute(100));

        HttpResponse<String> refused = signUp(chat, name, PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("a name is 2 to 32 letters a-z, digits");
        assertThat(UsersFile.load(chat.usersFile()).users()).isEmpty();
    }

    @Test
    void anAddressThatTriesTooManySignUpsIsToldToWait() throws Exception {
        TestChat.users(dir);
        ChatServer chat = start(TestChat.server(dir).signUpsPerMinute(3));
        assertThat(signUp(chat, "one", PASSWORD).statusCode()).isEqualTo(201);
        assertThat(signUp(chat, "one", PASSWORD).statusCode()).as("a try that fails counts too").isEqualTo(409);
        assertThat(signUp(chat, "two", PASSWORD).statusCode()).isEqualTo(201);

        HttpResponse<String> refused = signUp(chat, "three", PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("too many sign-ups from your address; try again in ");
        assertThat(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
        assertThat(UsersFile.load(chat.usersFile()).user("three")).isEmpty();
    }

    @Test
    void aChatWithItsMostUsersRefusesNewOnes() throws Exception {
        TestChat.users(dir, "alice", "bob");
        ChatServer chat = start(TestChat.server(dir).maxUsers(3));
        assertThat(signUp(chat, "carol", PASSWORD).statusCode()).isEqualTo(201);

        HttpResponse<String> refused = signUp(chat, "dave", PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("this chat has its 3 users, the most it takes");
        assertThat(UsersFile.load(chat.usersFile()).users()).hasSize(3);
    }

    @Test
    void aSignUpIsAnsweredFirstAndClosesTheConnectionSoNothingPipelinedAfterItIsAnswered() throws Exception {
        TestChat.users(dir);
        ChatServer chat = start(TestChat.server(dir));
        String body = "{\"name\":\"dave\",\"password\":\"" + PASSWORD + "\"}";

        String answers = exchange(chat, "POST /signup HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body
                + "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(answers).startsWith("HTTP/1.1 201 ");
        assertThat(answers.toLowerCase()).contains("\r\nconnection: close\r\n");
        assertThat(statusLines(answers)).as("the pipelined GET is not answered").hasSize(1);
    }

    @Test
    void aSignUpIsAnsweredInTheRequestsHttpVersion() throws Exception {
        TestChat.users(dir);
        ChatServer chat = start(TestChat.server(dir));
        String body = "{\"name\":\"dave\",\"password\":\"" + PASSWORD + "\"}";

        String answer = exchange(chat, "POST /signup HTTP/1.0\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);

        assertThat(answer).startsWith("HTTP/1.0 201 ");
    }

    @Test
    void twoInstancesInOneJvmOnOneUsersFileSignUpAtOnceAndKeepEveryUser() throws Exception {
        Path users = TestChat.users(dir, "alice");
        ChatServer one = start(TestChat.server(dir.resolve("one")).usersFile(users).signUpsPerMinute(100));
        ChatServer two = start(TestChat.server(dir.resolve("two")).usersFile(users).signUpsPerMinute(100));
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(signUpAsync(one, "one-" + i, PASSWORD));
            answers.add(signUpAsync(two, "two-" + i, PASSWORD));
        }

        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
        assertThat(UsersFile.load(users).users()).hasSize(25);
        // A user signed up on one instance signs in on the other.
        SocketClient.connect(two.tcpPort(), "one-11", PASSWORD).close();
    }

    private HttpResponse<String> signUp(ChatServer chat, String name, String password) throws Exception {
        return signUpAsync(chat, name, password).join();
    }

    private CompletableFuture<HttpResponse<String>> signUpAsync(ChatServer chat, String name, String password) {
        String json = "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chat.webPort() + "/signup"))
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Writes {@code requests} at once and reads until the server closes the connection. */
    private static String exchange(ChatServer chat, String requests) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), chat.webPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            in.transferTo(read);
            return read.toString(StandardCharsets.UTF_8);
        }
    }

    private static List<String> statusLines(String answers) {
        Matcher matcher = STATUS_LINE.matcher(answers);
        return matcher.results().map(match -> match.group()).collect(Collectors.toList());
    }
}
