package io.stompede.examples.springchat;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the page's "Create account" ({@code POST /signup}) with the reason it cannot, in the
 * form the page shows ({@code {"error":"..."}}, 403 as the plain chat's {@code --no-signup}):
 * this chat's users are configuration, the same on every instance. Stateless.
 */
@RestController
class SignUpOff {
    @PostMapping("/signup")
    ResponseEntity<Map<String, String>> signUp() {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(Map.of("error", "sign-up is off here; the users are chat.users in spring-chat.properties"));
    }
}
