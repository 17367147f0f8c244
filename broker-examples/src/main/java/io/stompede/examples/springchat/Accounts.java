package io.stompede.examples.springchat;

import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * Who may sign in: Spring Security's {@code AuthenticationManager} over the users of
 * {@code chat.users}, their passwords checked by Spring's delegating encoder (bcrypt, or
 * {@code {noop}} for the demo). Every instance of a cluster is given the same users, so a user
 * signs in on any of them. Sign-up is the plain chat's feature; here the users are configuration.
 */
@Configuration(proxyBeanMethods = false)
class Accounts {
    /** The names the page lets people type: it signs in with the name in lower case. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{2,32}");

    @Bean
    AuthenticationManager chatAuthentication(ChatProperties properties) {
        if (properties.users().isEmpty()) {
            throw new IllegalStateException("no users: give some as chat.users.NAME={bcrypt}HASH (or {noop}PASSWORD)");
        }
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (Map.Entry<String, String> user : properties.users().entrySet()) {
            users.createUser(user(user.getKey(), user.getValue()));
        }
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        return new ProviderManager(provider);
    }

    private static UserDetails user(String name, String password) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("chat.users." + name + ": a user name is 2 to 32 of a-z, 0-9, '.', '_' and '-'");
        }
        if (!password.startsWith("{")) {
            throw new IllegalStateException("chat.users." + name
                    + ": give the password as {bcrypt}HASH, or {noop}PASSWORD for a demo");
        }
        return User.withUsername(name).password(password).roles("USER").build();
    }
}
