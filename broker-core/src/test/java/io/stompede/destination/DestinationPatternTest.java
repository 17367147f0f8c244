package io.stompede.destination;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # exact names are compared as strings
            /topic/a            | /topic/a              | true
            /topic/a            | /topic/a/b            | false
            /topic/a.b          | /topic/a.b            | true
            /topic/a.b          | /topic/a/b            | false
            /topic/room*        | /topic/room*          | true
            /topic/room*        | /topic/room5          | false
            # * matches exactly one segment
            /topic/*            | /topic/a              | true
            /topic/*            | /topic/a/b            | false
            /topic/*            | /topic                | false
            /topic/*/price      | /topic/acme/price     | true
            /topic/*/price      | /topic/acme/volume    | false
            /topic/*/*          | /topic/a/b            | true
            /topic/*/*          | /topic/a              | false
            # ** and # match zero or more segments, at the end or in the middle
            /topic/**           | /topic                | true
            /topic/**           | /topic/a              | true
            /topic/**           | /topic/a/b/c          | true
            /topic/**           | /queue/a              | false
            /topic/#            | /topic/a/b            | true
            /topic/#            | /topic                | true
            /topic/**/end       | /topic/end            | true
            /topic/**/end       | /topic/a/b/end        | true
            /topic/**/end       | /topic/a/b/end/x      | false
            /topic/#/end        | /topic/a/end          | true
            /a/**/b/**/c        | /a/b/c                | true
            /a/**/b/**/c        | /a/x/b/y/z/c          | true
            /a/**/b/**/c        | /a/x/c                | false
            /a/*/**             | /a                    | false
            /a/*/**             | /a/x                  | true
            /a/**/**            | /a                    | true
            # the separators are interchangeable once a pattern has a wildcard
            /topic/a/*          | /topic/a.b            | true
            /topic/chat.*       | /topic/chat/5         | true
            /topic/chat.**      | /topic/chat.room.5    | true
            /topic/chat.**      | /topic/chat/room.5    | true
            # a leading separator makes an empty first segment, and empty segments count
            /topic/*            | topic/a               | false
            topic/*             | /topic/a              | false
            */a                 | /a                    | true
            /topic/*            | /topic/               | true
            **                  | anything/at.all       | true
            """)
    void matchesByTheDocumentedRules(String pattern, String destination, boolean expected) {
        assertThat(DestinationPattern.compile(pattern).matches(destination)).isEqualTo(expected);
    }

    @Test
    void anAuthorizationRuleCanUseAPatternOnItsOwn() {
        DestinationPattern rule = DestinationPattern.compile("/topic/chat.**");

        assertThat(rule.matches("/topic/chat.room.5")).isTrue();
        assertThat(rule.matches("/topic/news")).isFalse();
        assertThat(rule.pattern()).isEqualTo("/topic/chat.**");
        assertThat(rule.isWildcard()).isTrue();
    }

    @ParameterizedTest(name = "isWildcard({0}) = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /topic/a            | false
            /topic/*            | true
            /topic/**           | true
            /topic/#            | true
            /topic.*.price      | true
            *                   | true
            /topic/room*        | false
            /topic/a#           | false
            /topic/***          | false
            /topic/a*b          | false
            ''                  | false
            """)
    void aWildcardIsAWholeSegment(String pattern, boolean expected) {
        assertThat(DestinationPattern.isWildcard(pattern)).isEqualTo(expected);
        assertThat(SubscriptionRegistry.isWildcard(pattern)).isEqualTo(expected);
        assertThat(DestinationPattern.compile(pattern).isWildcard()).isEqualTo(expected);
    }
}
