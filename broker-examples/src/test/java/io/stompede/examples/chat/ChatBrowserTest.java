package io.stompede.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.stompede.examples.SocketClient;
import io.stompede.examples.browser.Chromium;
import io.stompede.frame.Command;
import io.stompede.frame.Frame;
import io.stompede.frame.Headers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The chat end to end: its own page in headless Chromium, one browser per user, against a real
 * server. Each test saves a screenshot in {@code target/screenshots}.
 */
@Timeout(180)
class ChatBrowserTest {
    @TempDir
    Path dir;
    private Chromium chromium;
    private ChatServer chat;

    @BeforeEach
    void start() throws Exception {
        chromium = Chromium.require();
        TestChat.users(dir, "alice", "bob", "carol");
        chat = TestChat.server(dir).start();
    }

    @AfterEach
    void stop() {
        chromium.close();
        chat.close();
    }

    @Test
    void twoUsersInARoomSeeEachOthersMessagesPresenceAndHistory() {
        ChatPage alice = ChatPage.signIn(chromium.open(), chat.pageUri(), "alice");
        long lobby = alice.createRoom("Lobby");
        alice.awaitMembers("alice");
        alice.say("Is anyone here?");
        alice.awaitMessage("alice: Is anyone here?");

        ChatPage bob = ChatPage.signIn(chromium.open(), chat.pageUri(), "bob");
        bob.enterRoom("Lobby");

        bob.awaitMessage("alice: Is anyone here?");
        bob.awaitMembers("alice", "bob");
        alice.awaitMembers("alice", "bob");
        assertThat(bob.roomInUrl()).isEqualTo(lobby);
        bob.say("Hi alice!");
        alice.awaitMessage("bob: Hi alice!");
        assertThat(alice.messages()).containsExactly("alice: Is anyone here?", "bob: Hi alice!");
        assertThat(alice.presenceLines()).contains("bob entered");
        Chromium.screenshot(bob.window(), "chat-two-users");
    }

    @Test
    void threeUsersOneOnAPhoneSeeEachOtherAndAClosedTabLeavesThePresenceList() {
        ChatPage alice = ChatPage.signIn(chromium.open(), chat.pageUri(), "alice");
        alice.createRoom("Lunch on Friday");
        ChatPage bob = ChatPage.signIn(chromium.open(), chat.pageUri(), "bob");
        bob.enterRoom("Lunch on Friday");
        ChatPage carol = ChatPage.signIn(chromium.open(390, 844), chat.pageUri(), "carol");
        carol.enterRoom("Lunch on Friday");
        for (ChatPage page : List.of(alice, bob, carol)) {
            page.awaitMembers("alice", "bob", "carol");
        }

        alice.say("Pizza or sushi?");
        bob.awaitMessage("alice: Pizza or sushi?");
        bob.say("Sushi, please");
        carol.awaitMessage("bob: Sushi, please");
        carol.say("Pizza! There is a new place by the station that opens at noon.");
        for (ChatPage page : List.of(alice, bob, carol)) {
            page.awaitMessage("carol: Pizza! There is a new place by the station that opens at noon.");
            assertThat(page.messages()).hasSize(3);
        }
        Chromium.screenshot(alice.window(), "chat-room");
        Chromium.screenshot(carol.window(), "chat-phone");

        chromium.close(carol.window());

        alice.awaitMembers("alice", "bob");
        bob.awaitMembers("alice", "bob");
        alice.await().until(d -> alice.presenceLines().contains("carol left"));
        Chromium.screenshot(alice.window(), "chat-closed-tab");
    }

    @Test
    void thePageReconnectsAfterTheServerRestartsAndKeepsItsRoom() throws Exception {
        ChatPage alice = ChatPage.signIn(chromium.open(), chat.pageUri(), "alice");
        long room = alice.createRoom("Ops");
        ChatPage bob = ChatPage.signIn(chromium.open(), chat.pageUri(), "bob");
        bob.enterRoom("Ops");
        alice.say("deploying now");
        bob.awaitMessage("alice: deploying now");
        int webPort = chat.webPort();
        int tcpPort = chat.tcpPort();

        chat.close();
        alice.awaitState("reconnecting");
        chat = TestChat.server(dir).webPort(webPort).tcpPort(tcpPort).start();

        alice.awaitState("connected");
        bob.awaitState("connected");
        bob.awaitMembers("alice", "bob");
        bob.say("back again");
        alice.awaitMessage("bob: back again");
        assertThat(alice.roomInUrl()).isEqualTo(room);
        assertThat(alice.messages()).as("the history replayed on resubscribing is shown once")
                .containsExactly("alice: deploying now", "bob: back again");
        Chromium.screenshot(alice.window(), "chat-reconnected");
    }

    @Test
    void aForgedWriterArrivesAsTheRealSender() throws Exception {
        ChatPage alice = ChatPage.signIn(chromium.open(), chat.pageUri(), "alice");
        long room = alice.createRoom("Trust");
        try (SocketClient bob = TestChat.connect(chat, "bob")) {
            bob.sendAndAwaitReceipt(Frame.of(Command.SEND, Headers.of("destination", "/publish/chat"),
                    "{\"chatRoomId\":" + room + ",\"type\":\"MESSAGE\",\"writer\":\"alice\",\"message\":\"I am alice\"}"));
        }

        alice.awaitMessage("bob: I am alice");
        assertThat(alice.messages()).doesNotContain("alice: I am alice");
        Chromium.screenshot(alice.window(), "chat-forged-writer");
    }

    @Test
    void aWrongPasswordIsShownAndANewUserSignsUp() {
        ChatPage mallory = ChatPage.open(chromium.open(390, 844), chat.pageUri(), "alice");
        mallory.submitSignIn("not-her-password");
        assertThat(mallory.signInError()).isEqualTo("Wrong name or password.");
        mallory.awaitState("offline");
        Chromium.screenshot(mallory.window(), "chat-sign-in");

        ChatPage dave = ChatPage.open(chromium.open(), chat.pageUri(), "dave");
        dave.signUp("dave-password");
        dave.awaitState("connected");
        assertThat(dave.window().findElement(By.id("me")).getText()).isEqualTo("dave");

        ChatPage again = ChatPage.open(chromium.open(), chat.pageUri(), "dave");
        again.signUp("another-password");
        assertThat(again.signInError()).isEqualTo("the name dave is taken");
    }
}
