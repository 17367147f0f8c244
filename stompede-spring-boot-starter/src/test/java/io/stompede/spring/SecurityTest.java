package io.stompede.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import io.stompede.spring.Clients.Errors;
import io.stompede.spring.Clients.Inbox;
import io.stompede.spring.Clients.Receipts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.messaging.simp.stomp.StompSession;

/**
 * The principal Spring authenticated for the WebSocket session is the broker's, with a Spring
 * Security {@code Authentication}'s authorities as its groups, and Stompede's access rules apply to it.
 */
@DisplayName("The Spring principal under Stompede's access rules")
class SecurityTest {
    @TempDir
    static Path dir;
    private static Instance app;

    @BeforeAll
    static void startApplication() throws Exception {
        Path acl = Files.write(dir.resolve("acl"), List.of(
                "group:ROLE_ADMIN  subscribe        /topic/admin.**",
                "*                 send,subscribe   /topic/rooms.**",
                "user:alice        send             /topic/admin.**",
                "group:ROLE_TOKEN  send             /topic/admin.tokens"));
        app = Instance.start(Map.of("stompede.security.acl", acl.toString()));
    }

    @AfterAll
    static void stopApplication() {
        app.close();
    }

    @Test
    @DisplayName("an authority grants: ROLE_ADMIN may subscribe to /topic/admin.**, and gets what alice, by name, may send there")
    void authoritiesAreGroups() throws Exception {
        try (Clients clients = new Clients()) {
            Inbox admin = Clients.subscribe(clients.connect(app.url("root", "ROLE_ADMIN")), "/topic/admin.alerts");
            Receipts sent = new Receipts();
            clients.connect(app.url("alice", "ROLE_USER")).send("/topic/admin.alerts", "disk full")
                    .addReceiptTask(sent::received);
            sent.await();
            assertThat(admin.nextText()).isEqualTo("disk full");
        }
    }

    @Test
    @DisplayName("a principal without the authority is refused with the broker's ERROR")
    void othersAreRefused() throws Exception {
        try (Clients clients = new Clients()) {
            Errors errors = new Errors();
            StompSession bob = clients.connect(app.url("bob", "ROLE_USER"), errors);
            bob.subscribe("/topic/admin.alerts", new Inbox());
            assertThat(errors.next()).isEqualTo("ERROR access denied");
        }
    }

    @Test
    @DisplayName("a user that an inbound channel interceptor set on CONNECT (a token login) is the principal, authorities and all")
    void interceptorPrincipal() throws Exception {
        try (Clients clients = new Clients(); WireClient client = WireClient.webSocket(app.anonymousUrl())) {
            Inbox tokens = Clients.subscribe(clients.connect(app.url("root", "ROLE_ADMIN")), "/topic/admin.tokens");
            client.send(Frame.of(Command.CONNECT, Headers.of("accept-version", "1.2", "x-token", "frank")));
            assertThat(client.next().command()).isEqualTo(Command.CONNECTED);
            assertThat(app.broker().sessions().join()).anySatisfy(session ->
                    assertThat(session.principal()).isEqualTo("frank"));
            // ROLE_TOKEN may send there; frank, by name or as anonymous, may not.
            client.send(Command.SEND, "via a token", "destination", "/topic/admin.tokens", "receipt", "r1");
            assertThat(client.next().header("receipt-id")).isEqualTo("r1");
            assertThat(tokens.nextText()).isEqualTo("via a token");
        }
    }

    @Test
    @DisplayName("a session Spring did not authenticate is anonymous, whatever login its CONNECT claims")
    void noSpringPrincipalIsAnonymous() throws Exception {
        try (WireClient client = WireClient.webSocket(app.anonymousUrl())) {
            client.send(Frame.of(Command.CONNECT, Headers.of(
                    "accept-version", "1.2", "login", "alice", "passcode", "anything")));
            assertThat(client.next().command()).isEqualTo(Command.CONNECTED);
            assertThat(app.broker().sessions().join()).anySatisfy(session ->
                    assertThat(session.principal()).isEqualTo("anonymous"));
            assertThat(app.broker().sessions().join()).noneSatisfy(session ->
                    assertThat(session.principal()).isEqualTo("alice"));
        }
    }
}
