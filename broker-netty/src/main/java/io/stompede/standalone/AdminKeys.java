package io.stompede.standalone;

import static io.stompede.standalone.ValueTypes.text;
import static io.stompede.standalone.ValueTypes.wholeNumber;

import io.stompede.netty.admin.AdminServer;
import java.util.List;

/**
 * The keys of the admin endpoint, {@link AdminServer}: its port, which turns it on, its address
 * and the group of the users file ({@code security.users}) whose users may use it. Port 0 means
 * off rather than "a free port", which an operator could not find. Immutable.
 */
final class AdminKeys {
    static final Key<Integer> PORT = Key.combined("admin.port", wholeNumber(0, 65_535), 0,
            "Port of the admin endpoint: /health and /ready, Prometheus /metrics, the admin API and the status "
                    + "page; 0 turns it off.");
    static final Key<String> BIND = Key.combined("admin.bind", text("a host name or IP address", s -> !s.isBlank()),
            AdminServer.Builder.DEFAULT_BIND, "Address the admin endpoint binds; any but a loopback address needs "
                    + "security.users, or the broker does not start.");
    static final Key<String> GROUP = Key.combined("admin.group", text("a group name", s -> !s.isBlank()),
            AdminServer.Builder.DEFAULT_ADMIN_GROUP, "Group of the users file whose users may use the admin endpoint "
                    + "(its probes need no login); without a users file it is open.");

    static final List<Key<?>> KEYS = List.of(PORT, BIND, GROUP);

    static final List<Combined> COMBINED = List.of(Combined.of((b, s) -> {
        if (s.get(PORT) > 0) {
            AdminServer.Builder admin = b.enableAdmin().port(s.get(PORT)).bind(s.get(BIND)).adminGroup(s.get(GROUP));
            if (s.get(BrokerKeys.USERS) != null) {
                admin.users(s.get(BrokerKeys.USERS));
            }
        }
    }, PORT, BIND, GROUP));

    private AdminKeys() {
    }
}
