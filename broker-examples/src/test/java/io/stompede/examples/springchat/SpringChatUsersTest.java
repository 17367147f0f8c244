package io.stompede.examples.springchat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users of {@code chat.users}: one the page could not sign in as, or a password Spring could not check, stops the start with the reason. */
@DisplayName("The Spring chat's users")
class SpringChatUsersTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a name the page cannot type is refused at start")
    void aBadNameIsRefused() {
        assertThatThrownBy(() -> SpringChat.start(dir, Map.of("chat.users.a", "{noop}a-secret")))
                .hasRootCauseMessage("chat.users.a: a user name is 2 to 32 of a-z, 0-9, '.', '_' and '-'");
    }

    @Test
    @DisplayName("a password without its encoding is refused at start, rather than never matching")
    void aPasswordWithoutItsEncodingIsRefused() {
        assertThatThrownBy(() -> SpringChat.start(dir, Map.of("chat.users.dave", "dave-secret")))
                .hasRootCauseMessage("chat.users.dave: give the password as {bcrypt}HASH, or {noop}PASSWORD for a demo");
    }
}
