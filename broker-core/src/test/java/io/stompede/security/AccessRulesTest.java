package io.stompede.security;

import static io.stompede.security.Permission.SEND;
import static io.stompede.security.Permission.SUBSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessRulesTest {
    private static final StompPrincipal ALICE = new StompPrincipal("alice", Set.of("chat"));
    private static final StompPrincipal BOB = new StompPrincipal("bob", Set.of());

    private final AccessRules rules = AccessRules.parse(List.of(
            "# who        rights          pattern",
            "group:chat   send,subscribe  /topic/chat/**",
            "user:bob     send            /queue/orders",
            "*            subscribe       /topic/public.*",
            ""), "acl");

    @Test
    void rulesGrantByUserGroupOrEveryone() {
        assertThat(rules.allows(ALICE, SEND, "/topic/chat/room/5")).isTrue();
        assertThat(rules.allows(BOB, SEND, "/topic/chat/room/5")).isFalse();
        assertThat(rules.allows(BOB, SEND, "/queue/orders")).isTrue();
        assertThat(rules.allows(BOB, SUBSCRIBE, "/queue/orders")).as("send does not give subscribe").isFalse();
        assertThat(rules.allows(StompPrincipal.ANONYMOUS, SUBSCRIBE, "/topic/public.news")).isTrue();
        assertThat(rules.allows(StompPrincipal.ANONYMOUS, SEND, "/topic/public.news")).isFalse();
        assertThat(rules.allows(ALICE, SEND, "/topic/other")).as("what no rule grants is denied").isFalse();
    }

    @Test
    void aWildcardSubscriptionNeedsARuleCoveringAllItMatches() {
        assertThat(rules.allows(ALICE, SUBSCRIBE, "/topic/chat/**")).isTrue();
        assertThat(rules.allows(ALICE, SUBSCRIBE, "/topic/chat/*/messages")).isTrue();
        assertThat(rules.allows(ALICE, SUBSCRIBE, "/topic/**")).isFalse();
        assertThat(rules.allows(ALICE, SUBSCRIBE, "/topic/*/room")).isFalse();
        assertThat(rules.allows(BOB, SUBSCRIBE, "/topic/public/*")).isTrue();
        assertThat(rules.allows(BOB, SUBSCRIBE, "/topic/public/**")).isFalse();
    }

    @Test
    void malformedRulesAreReportedWithTheirLine() {
        assertThatThrownBy(() -> AccessRules.parse(List.of("group:chat publish /topic/a"), "acl"))
                .hasMessageContaining("acl:1").hasMessageContaining("publish");
        assertThatThrownBy(() -> AccessRules.parse(List.of("", "chat send /topic/a"), "acl"))
                .hasMessageContaining("acl:2");
        assertThatThrownBy(() -> AccessRules.parse(List.of("user:a send"), "acl")).hasMessageContaining("acl:1");
    }
}
