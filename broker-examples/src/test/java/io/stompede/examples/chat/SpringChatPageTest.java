package io.stompede.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.examples.browser.Chromium;
import io.stompede.examples.springchat.SpringChatApplication;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chat's own page, unchanged, in headless Chromium against the Spring Boot chat: the same
 * page driver as the plain chat's browser tests (in this package for it), and the demo users,
 * whose passwords are {@link TestChat#password}'s.
 */
@Timeout(180)
class SpringChatPageTest {
    @TempDir
    Path dir;
    private Chromium chromium;
    private ConfigurableApplicationContext chat;

    @BeforeEach
    void start() {
        chromium = Chromium.require();
        chat = SpringChatApplication.start("--server.port=0", "--stompede.journal.data-dir=" + dir.resolve("journal"));
    }

    @AfterEach
    void stop() {
        chromium.close();
        chat.close();
    }

    @Test
    void twoUsersInARoomOfTheSpringChatSeeEachOthersMessagesAndItsHistory() {
        ChatPage alice = ChatPage.signIn(chromium.open(), page(), "alice");
        long lunch = alice.createRoom("Lunch");
        alice.say("Pizza or sushi?");
        alice.awaitMessage("alice: Pizza or sushi?");

        ChatPage bob = ChatPage.signIn(chromium.open(), page(), "bob");
        bob.enterRoom("Lunch");
        bob.awaitMessage("alice: Pizza or sushi?");
        assertThat(bob.roomInUrl()).isEqualTo(lunch);
        bob.say("Sushi, please");

        alice.awaitMessage("bob: Sushi, please");
        assertThat(alice.messages()).containsExactly("alice: Pizza or sushi?", "bob: Sushi, please");
        Chromium.screenshot(alice.window(), "spring-chat-room");
    }

    @Test
    void aWrongPasswordIsShownAsSuch() {
        ChatPage mallory = ChatPage.open(chromium.open(), page(), "alice");
        mallory.submitSignIn("not-her-password");
        assertThat(mallory.signInError()).isEqualTo("Wrong name or password.");
    }

    @Test
    void signUpSaysItIsOff() {
        ChatPage dave = ChatPage.open(chromium.open(), page(), "dave");
        dave.signUp("dave-secret");
        assertThat(dave.signInError()).isEqualTo("sign-up is off here; the users are chat.users in spring-chat.properties");
    }

    private URI page() {
        return URI.create("http://127.0.0.1:" + chat.getEnvironment().getRequiredProperty("local.server.port") + "/");
    }
}
