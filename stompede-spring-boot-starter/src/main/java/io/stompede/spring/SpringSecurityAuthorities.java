package io.stompede.spring;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * A Spring Security {@link Authentication}'s authorities, as the groups that Stompede's access
 * rules grant rights to ({@code ROLE_ADMIN}, {@code SCOPE_chat}...). Loaded only when Spring
 * Security is on the class path, so that the starter works without it. Stateless.
 */
final class SpringSecurityAuthorities {
    private SpringSecurityAuthorities() {
    }

    /** The authorities of {@code user} when it is an {@link Authentication}; else none. */
    static Set<String> of(Principal user) {
        Set<String> groups = new LinkedHashSet<>();
        if (user instanceof Authentication authentication) {
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                if (authority.getAuthority() != null) {
                    groups.add(authority.getAuthority());
                }
            }
        }
        return groups;
    }
}
