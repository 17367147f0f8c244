package io.stompede.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.transport.ConnectionInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
    private static final ConnectionInfo PLAIN =
            ConnectionInfo.plain("tcp", new InetSocketAddress("127.0.0.1", 1), null);

    private static Optional<StompPrincipal> login(Authenticator authenticator, String login, String passcode) {
        return authenticator.authenticate(new AuthenticationRequest(login, passcode, null, PLAIN));
    }

    @Test
    void savedUsersLoadBackAndAuthenticate(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users");
        UsersFile.empty()
                .withUser("alice", PasswordHash.hash("wonderland".toCharArray(), 1_000), List.of("chat", "admins"))
                .withUser("sensor", null, List.of("sensors"))
                .save(file);

        UsersFile users = UsersFile.load(file);
        assertThat(users.users()).extracting(UsersFile.User::name).containsExactly("alice", "sensor");
        Authenticator authenticator = users.authenticator(false);
        assertThat(login(authenticator, "alice", "wonderland"))
                .contains(new StompPrincipal("alice", Set.of("chat", "admins")));
        // The second time comes from the cache of verified credentials: same answer.
        assertThat(login(authenticator, "alice", "wonderland")).isPresent();
        assertThat(login(authenticator, "alice", "wonderlant")).isEmpty();
        assertThat(login(authenticator, "bob", "wonderland")).isEmpty();
        assertThat(login(authenticator, "sensor", "")).as("certificate-only user has no password").isEmpty();
        assertThat(Files.readString(file)).doesNotContain("wonderland");
    }

    @Test
    void anonymousClientsOnlyWhenAllowed() {
        UsersFile users = UsersFile.empty().withUser("alice", PasswordHash.hash("pw".toCharArray(), 1_000), List.of());
        assertThat(login(users.authenticator(false), null, null)).isEmpty();
        assertThat(login(users.authenticator(true), null, null)).contains(StompPrincipal.ANONYMOUS);
        assertThat(login(users.authenticator(true), "alice", "wrong")).as("a wrong password is not anonymous").isEmpty();
    }

    @Test
    void replacingAUserKeepsItsPlace() {
        UsersFile users = UsersFile.empty()
                .withUser("a", null, List.of())
                .withUser("b", null, List.of())
                .withUser("a", null, List.of("g"));
        assertThat(users.users()).extracting(UsersFile.User::name).containsExactly("a", "b");
        assertThat(users.user("a").orElseThrow().groups()).containsExactly("g");
    }

    @Test
    void malformedLinesAreReportedWithTheirNumber() {
        assertThatThrownBy(() -> UsersFile.parse(List.of("# users", "alice"), "users.txt"))
                .hasMessageContaining("users.txt:2");
        assertThatThrownBy(() -> UsersFile.parse(List.of("alice plain-password"), "users.txt"))
                .hasMessageContaining("users.txt:1");
        assertThatThrownBy(() -> UsersFile.parse(List.of("a -", "a -"), "u")).hasMessageContaining("twice");
        assertThatThrownBy(() -> UsersFile.empty().withUser("bad name", null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
