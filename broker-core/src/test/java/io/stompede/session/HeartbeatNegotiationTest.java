package io.stompede.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.frame.StompProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatNegotiationTest {
    @ParameterizedTest(name = "client {0}, bounds {1}..{2} -> to client {3}, to server {4}")
    @CsvSource(delimiter = ';', value = {
        // The client's own interval, both ways, within the default bounds of 1 s and 1 min.
        "1000,1000;   1000; 60000; 1000;  1000",
        "0,1000;      1000; 60000; 1000;  0",
        "1000,0;      1000; 60000; 0;     1000",
        "0,0;         1000; 60000; 0;     0",
        "20000,30000; 1000; 60000; 30000; 20000",
        // Raised to the floor: the broker sends no more often, and asks no more often.
        "200,300;     1000; 60000; 1000;  1000",
        // Lowered to the ceiling on the broker's side only: a client cannot be asked to send
        // more often than it can, but the broker may send more often than it was asked.
        "120000,120000; 1000; 60000; 60000; 120000",
        // A ceiling of 0 turns heart-beats off.
        "1000,1000;   0;    0;     0;     0",
        "500,700;     100;  200;   200;   500",
    })
    void theClientsIntervalWithinTheBounds(String client, long floor, long ceiling, long toClient, long toServer)
            throws StompProtocolException {
        Heartbeat negotiated = Heartbeat.negotiate(client, floor, ceiling);

        assertThat(negotiated).isEqualTo(new Heartbeat(toClient, toServer));
        assertThat(negotiated.header()).isEqualTo(toClient + "," + toServer);
    }

    @org.junit.jupiter.api.Test
    void noHeaderMeansNoHeartbeats() throws StompProtocolException {
        assertThat(Heartbeat.negotiate(null, 1000, 60000)).isEqualTo(Heartbeat.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1000", "a,b", "-1,0", "1000,", ",1000", "1,2,3", "99999999999,0"})
    void aMalformedHeaderIsAProtocolError(String header) {
        assertThatThrownBy(() -> Heartbeat.negotiate(header, 1000, 60000))
                .isInstanceOf(StompProtocolException.class)
                .hasMessage("invalid heart-beat header");
    }
}
