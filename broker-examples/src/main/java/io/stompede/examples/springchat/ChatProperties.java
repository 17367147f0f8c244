package io.stompede.examples.springchat;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The chat's own settings, {@code chat.*}.
 *
 * @param users who may sign in: {@code chat.users.alice={bcrypt}$2a$10$...}, a name and its
 *              password in Spring Security's encoded form ({@code {noop}} for the demo's plain ones)
 */
@ConfigurationProperties("chat")
record ChatProperties(Map<String, String> users) {
    ChatProperties {
        users = users == null ? Map.of() : Map.copyOf(users);
    }
}
