package io.stompede.spring;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A chat server as Spring applications write one for the simple broker, unchanged: the starter on
 * the class path is all that makes its broker Stompede. Browsers connect to {@code /chat}; the
 * handshake's {@code ?user=NAME&roles=A,B} stands in for a login, as a Spring Security
 * {@code Authentication} with those authorities; {@code /chat-sockjs} is the same endpoint with
 * SockJS.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ChatApplication.Messaging.class, ChatApplication.Chat.class, OutboundAudit.class})
class ChatApplication {

    @Configuration
    @EnableWebSocketMessageBroker
    static class Messaging implements WebSocketMessageBrokerConfigurer {
        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            registry.addEndpoint("/chat").setHandshakeHandler(new QueryLogin());
            registry.addEndpoint("/chat-sockjs").setHandshakeHandler(new QueryLogin()).withSockJS();
        }

        /**
         * The other way Spring applications authenticate STOMP: a token in CONNECT, checked by an
         * inbound channel interceptor that sets the session's user (here the token is the name).
         */
        @Override
        public void configureClientInboundChannel(ChannelRegistration registration) {
            registration.interceptors(new ChannelInterceptor() {
                @Override
                public Message<?> preSend(Message<?> message, MessageChannel channel) {
                    StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
                    if (accessor != null && StompCommand.CONNECT.equals(accessor.getCommand())
                            && accessor.getFirstNativeHeader("x-token") != null) {
                        accessor.setUser(UsernamePasswordAuthenticationToken.authenticated(
                                accessor.getFirstNativeHeader("x-token"), null,
                                List.of(new SimpleGrantedAuthority("ROLE_TOKEN"))));
                    }
                    return message;
                }
            });
        }

        @Override
        public void configureMessageBroker(MessageBrokerRegistry registry) {
            registry.setApplicationDestinationPrefixes("/app");
            registry.enableSimpleBroker("/topic", "/queue");
        }
    }

    /** The user a handshake's query names, with the roles it lists; no user: an anonymous session. */
    static final class QueryLogin extends DefaultHandshakeHandler {
        @Override
        protected Principal determineUser(ServerHttpRequest request, WebSocketHandler handler,
                                          Map<String, Object> attributes) {
            var query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
            return login(query.getFirst("user"), query.getFirst("roles"));
        }

        /** The {@code Authentication} of {@code user} with the comma-separated {@code roles}; {@code null} for no user. */
        static Principal login(String user, String roles) {
            if (user == null) {
                return null;
            }
            List<SimpleGrantedAuthority> authorities = roles == null ? List.of()
                    : Arrays.stream(roles.split(",")).map(SimpleGrantedAuthority::new).toList();
            return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
        }
    }

    /**
     * The same query login for SockJS's HTTP transports, which take a session's user from its
     * first HTTP request rather than from the handshake handler.
     */
    @Bean
    Filter queryLoginOverHttp() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Principal user = QueryLogin.login(request.getParameter("user"), request.getParameter("roles"));
                chain.doFilter(user == null ? request : new HttpServletRequestWrapper(request) {
                    @Override
                    public Principal getUserPrincipal() {
                        return user;
                    }
                }, response);
            }
        };
    }

    @Controller
    static class Chat {
        private final SimpMessagingTemplate template;

        Chat(SimpMessagingTemplate template) {
            this.template = template;
        }

        /** A line to a room, broadcast to everyone in it. */
        @MessageMapping("/rooms/{room}")
        void say(@DestinationVariable("room") String room, String text) {
            template.convertAndSend("/topic/rooms." + room, text);
        }

        /** An announcement, to everyone through the return value. */
        @MessageMapping("/announce")
        @SendTo("/topic/announcements")
        String announce(String text) {
            return "announced: " + text;
        }

        /** A private line to one user, to each of that user's sessions. */
        @MessageMapping("/whisper/{user}")
        void whisper(@DestinationVariable("user") String user, String text, Principal from) {
            template.convertAndSendToUser(user, "/queue/whispers", text + " (from " + from.getName() + ")");
        }
    }
}
