package io.stompede.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stompede.frame.StompProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatNegotiationTest {
    @ParameterizedTest(name = "client {0}, server {1},{2} -> to client {3}, to server {4}")
    @CsvSource(delimiter = ';', value = {
        "0,0;         10000; 10000; 0;     0",
        "1000,1000;   10000; 10000; 10000; 10000",
        "20000,30000; 10000; 10000; 30000; 20000",
        "1000,0;      10000; 10000; 0;     10000",
        "0,1000;      10000; 10000; 10000; 0",
        "1000,1000;   0;     10000; 0;     10000",
        "1000,1000;   10000; 0;     10000; 0",
        "500,700;     100;   200;   700;   500",
    })
    void eachDirectionIsOffWhenEitherSideSaysZeroElseTheLargerFigure(String client, long serverSend,
            long serverReceive, long toClient, long toServer) throws StompProtocolException {
        Heartbeat negotiated = Heartbeat.negotiate(client, serverSend, serverReceive);

        assertThat(negotiated).isEqualTo(new Heartbeat(toClient, toServer));
    }

    @org.junit.jupiter.api.Test
    void noHeaderMeansNoHeartbeats() throws StompProtocolException {
        assertThat(Heartbeat.negotiate(null, 10000, 10000)).isEqualTo(Heartbeat.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1000", "a,b", "-1,0", "1000,", ",1000", "1,2,3", "99999999999,0"})
    void aMalformedHeaderIsAProtocolError(String header) {
        assertThatThrownBy(() -> Heartbeat.negotiate(header, 10000, 10000))
                .isInstanceOf(StompProtocolException.class)
                .hasMessage("invalid heart-beat header");
    }
}
