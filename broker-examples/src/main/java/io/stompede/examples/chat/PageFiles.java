package io.stompede.examples.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where the chat's page is on the class path, and stompjs beside it: both chats serve these same
 * files, the plain one through its own HTTP handler and the Spring Boot one through Spring's
 * static resources. Stateless.
 */
public final class PageFiles {
    /** The page's folder on the class path: {@code index.html}, {@code chat.js}, {@code chat.css}. */
    public static final String WEB_ROOT = "io/stompede/examples/chat/web";
    /** Where the page loads stompjs from, relative to its own address. */
    public static final String STOMPJS_PATH = "/vendor/stompjs/";

    private PageFiles() {
    }

    /** The class-path folder of the stompjs webjar's bundles, served at {@link #STOMPJS_PATH}. */
    public static String stompJsBundles() {
        return "META-INF/resources/webjars/stomp__stompjs/" + stompJsVersion() + "/bundles";
    }

    /** The version of the stompjs webjar on the class path. */
    private static String stompJsVersion() {
        String properties = "META-INF/maven/org.webjars.npm/stomp__stompjs/pom.properties";
        try (InputStream in = PageFiles.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("the stompjs webjar is not on the class path: no " + properties);
            }
            Properties webjar = new Properties();
            webjar.load(in);
            return webjar.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
