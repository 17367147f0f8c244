package io.stompede.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.stompede.Broker;
import io.stompede.auth.jwt.JwtAuthenticator;
import io.stompede.netty.StompServer;
import io.stompede.security.LoginThrottle;
import io.stompede.security.PasswordHash;
import io.stompede.security.SecurityFiles;
import io.stompede.security.UsersFile;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials that expire and are revoked, over real sockets: JWTs that stomp.py (TCP) and
 * stompjs (WebSocket, the token in the passcode or in the handshake's Authorization header)
 * refresh in-band or let expire, and a users file whose removed user's session is closed.
 */
@Timeout(120)
class CredentialsInteropTest {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final byte[] SECRET = "interop-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);
    /** Tokens live this long; the warning comes this much before their end. */
    private static final Duration SHORT_LIFE = Duration.ofSeconds(8);
    private static final Duration WARNING = Duration.ofSeconds(4);

    @TempDir
    Path dir;
    private StompServer server;
    private SecurityFiles files;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (files != null) {
            files.close();
        }
    }

    private void startWithTokens() throws Exception {
        Broker broker = Broker.builder()
                .authenticator(JwtAuthenticator.builder().hmacSecret(SECRET).issuer("interop").audience("stompede").build())
                .credentialsWarning(WARNING)
                .build();
        server = StompServer.builder().broker(broker).closeBrokerOnClose(true).bind("127.0.0.1").tcp(0)
                .webSocket(0, "/stomp").shutdownTimeout(Duration.ofMillis(500)).start();
    }

    private static String token(String subject, Duration life) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer("interop").audience("stompede")
                .expirationTime(Date.from(Instant.now().plus(life))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET));
        return jwt.serialize();
    }

    private String webSocketUrl() {
        return "ws://127.0.0.1:" + server.webSocketPort() + "/stomp";
    }

    private static void node(String script, String... arguments) throws InterruptedException {
        try (ChildProcess process = Node.start(script, arguments)) {
            process.assertSucceeds(SCRIPT_TIMEOUT);
        }
    }

    @Test
    @DisplayName("stomp.py over TCP: the warning, an in-band refresh, and the subscription kept past the old expiry")
    void stompPyRefreshes() throws Exception {
        ClientAvailability.requireStompPy();
        startWithTokens();
        Python.runScript("credentials_refresh.py", SCRIPT_TIMEOUT, "--port", Integer.toString(server.tcpPort()),
                "--token", token("py-user", SHORT_LIFE), "--token", token("py-user", Duration.ofMinutes(5)));
    }

    @Test
    @DisplayName("stomp.py over TCP: no refresh, so the warning, then ERROR 'credentials expired' and the close")
    void stompPyExpires() throws Exception {
        ClientAvailability.requireStompPy();
        startWithTokens();
        Python.runScript("credentials_expire.py", SCRIPT_TIMEOUT, "--port", Integer.toString(server.tcpPort()),
                "--token", token("py-user", SHORT_LIFE));
    }

    @Test
    @DisplayName("stompjs over WebSocket: the warning, an in-band refresh, and the subscription kept past the old expiry")
    void stompJsRefreshes() throws Exception {
        ClientAvailability.requireStompJs();
        startWithTokens();
        node("credentials_refresh.mjs", webSocketUrl(), token("js-user", SHORT_LIFE), token("js-user", Duration.ofMinutes(5)));
    }

    @Test
    @DisplayName("stompjs over raw TCP: the same warning, refresh and subscription kept")
    void stompJsRefreshesOverTcp() throws Exception {
        ClientAvailability.requireStompJs();
        startWithTokens();
        node("credentials_refresh.mjs", "tcp://127.0.0.1:" + server.tcpPort(), token("js-user", SHORT_LIFE),
                token("js-user", Duration.ofMinutes(5)));
    }

    @Test
    @DisplayName("stompjs over WebSocket, the token in the handshake's Authorization header: the warning, then the ERROR")
    void stompJsExpires() throws Exception {
        ClientAvailability.requireStompJs();
        startWithTokens();
        node("credentials_expire.mjs", webSocketUrl(), token("js-user", SHORT_LIFE));
    }

    @Test
    @DisplayName("a user removed from the users file loses its TCP session with ERROR 'credentials revoked'")
    void removedUserIsDisconnected() throws Exception {
        Path usersFile = dir.resolve("users");
        String hash = PasswordHash.hash("pw".toCharArray(), 1_000);
        UsersFile.empty().withUser("alice", hash, List.of()).withUser("bob", hash, List.of()).save(usersFile);
        files = SecurityFiles.builder().users(usersFile, false).pollInterval(Duration.ofMillis(100)).build();
        Broker broker = Broker.builder().authenticator(files.authenticator()).loginThrottle(LoginThrottle.NONE).build();
        server = StompServer.builder().broker(broker).closeBrokerOnClose(true).bind("127.0.0.1").tcp(0)
                .shutdownTimeout(Duration.ofMillis(500)).start();
        files.start(broker::recheckSessions);

        try (Socket bob = new Socket("127.0.0.1", server.tcpPort())) {
            bob.setSoTimeout(20_000);
            bob.getOutputStream().write("CONNECT\naccept-version:1.2\nlogin:bob\npasscode:pw\n\n\0"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(readFrame(bob.getInputStream())).startsWith("CONNECTED");

            UsersFile.empty().withUser("alice", hash, List.of()).save(usersFile);

            String error = readFrame(bob.getInputStream());
            assertThat(error).startsWith("ERROR").contains("message:credentials revoked");
            assertThat(bob.getInputStream().read()).as("closed after the ERROR").isEqualTo(-1);
        }
    }

    /** One frame, up to its NUL, skipping heart-beat EOLs before it. */
    private static String readFrame(InputStream in) throws Exception {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0) {
            if (b == -1) {
                throw new AssertionError("closed before a whole frame: " + frame.toString(StandardCharsets.UTF_8));
            }
            if (frame.size() > 0 || (b != '\n' && b != '\r')) {
                frame.write(b);
            }
        }
        return frame.toString(StandardCharsets.UTF_8);
    }
}
