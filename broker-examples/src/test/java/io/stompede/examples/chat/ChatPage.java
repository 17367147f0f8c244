package io.stompede.examples.chat;

import io.stompede.examples.browser.Chromium;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The chat page in one browser, as a user works it: for the browser tests. Confined to the test's thread. */
final class ChatPage {
    /** Long enough for a loaded 2-core machine, where a sign-in, a page load or a reconnect can take seconds. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final WebDriver window;
    private final String user;

    private ChatPage(WebDriver window, String user) {
        this.window = window;
        this.user = user;
    }

    /** Opens {@code page} in {@code window} and signs in as {@code user} with the test password. */
    static ChatPage signIn(WebDriver window, URI page, String user) {
        ChatPage chat = open(window, page, user);
        chat.submitSignIn(TestChat.password(user));
        chat.awaitState("connected");
        return chat;
    }

    /** Opens the page without signing in. */
    static ChatPage open(WebDriver window, URI page, String user) {
        window.get(page.toString());
        ChatPage chat = new ChatPage(window, user);
        chat.waitUntilVisible("sign-in-form");
        return chat;
    }

    WebDriver window() {
        return window;
    }

    void submitSignIn(String password) {
        type("name", user);
        type("password", password);
        window.findElement(By.id("sign-in-button")).click();
    }

    void signUp(String password) {
        type("name", user);
        type("password", password);
        window.findElement(By.id("sign-up-button")).click();
    }

    String signInError() {
        waitUntilVisible("sign-in-error");
        return window.findElement(By.id("sign-in-error")).getText();
    }

    void awaitState(String state) {
        await().until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", state));
    }

    /** Creates a room and waits until the page is in it; returns its id. */
    long createRoom(String name) {
        type("new-room-name", name);
        window.findElement(By.id("new-room-button")).click();
        await().until(d -> roomInUrl() != null);
        return roomInUrl();
    }

    /** Clicks a room in the list and waits until its name heads the page. */
    void enterRoom(String name) {
        await().until(ExpectedConditions.elementToBeClickable(By.linkText(name))).click();
        await().until(ExpectedConditions.textToBe(By.id("room-name"), name));
    }

    Long roomInUrl() {
        String url = window.getCurrentUrl();
        int at = url.indexOf("#room/");
        return at < 0 ? null : Long.valueOf(url.substring(at + "#room/".length()));
    }

    void say(String text) {
        await().until(ExpectedConditions.elementToBeClickable(By.id("send")));
        window.findElement(By.id("message")).sendKeys(text, Keys.ENTER);
    }

    /** The messages on screen, each as {@code writer: text}, in order. */
    @SuppressWarnings("unchecked")
    List<String> messages() {
        return (List<String>) script("return [...document.querySelectorAll('#messages li.message')]"
                + ".map(li => li.querySelector('.writer').textContent + ': ' + li.querySelector('.text').textContent)");
    }

    /** The presence lines on screen, such as {@code carol left}. */
    @SuppressWarnings("unchecked")
    List<String> presenceLines() {
        return (List<String>) script("return [...document.querySelectorAll('#messages li.event')].map(li => li.textContent)");
    }

    /** Who the page says is in the room. */
    @SuppressWarnings("unchecked")
    List<String> members() {
        return (List<String>) script("return [...document.querySelectorAll('#members li')].map(li => li.dataset.user)");
    }

    void awaitMessage(String writerAndText) {
        await().until(d -> messages().contains(writerAndText));
    }

    void awaitMembers(String... members) {
        await().until(d -> members().equals(List.of(members)));
    }

    String user() {
        return user;
    }

    WebDriverWait await() {
        return Chromium.waitIn(window, WAIT);
    }

    private Object script(String script) {
        return ((JavascriptExecutor) window).executeScript(script);
    }

    private void waitUntilVisible(String id) {
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private void type(String id, String text) {
        var field = window.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }
}
