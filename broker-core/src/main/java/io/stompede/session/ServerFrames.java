package io.stompede.session;

import io.stompede.config.BrokerConfig;
import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import java.util.List;

/** The frames a broker answers with, other than MESSAGE. */
final class ServerFrames {
    private ServerFrames() {
    }

    /**
     * CONNECTED: the negotiated version and heart-beats, the broker's name and the session id,
     * then {@code extra} header names and values in turn (the resume extension's).
     */
    static Frame connected(BrokerConfig config, StompVersion negotiated, Heartbeat heartbeat, String sessionId,
                           List<String> extra) {
        Headers.Builder connected = Headers.builder().add("version", negotiated.wireValue());
        if (negotiated.supportsHeartbeats()) {
            connected.add("heart-beat", heartbeat.header());
        }
        connected.add("server", config.serverName()).add("session", sessionId);
        for (int i = 0; i + 1 < extra.size(); i += 2) {
            connected.add(extra.get(i), extra.get(i + 1));
        }
        return Frame.of(Command.CONNECTED, connected.build());
    }

    /** A RECEIPT, with {@code extra} headers after its {@code receipt-id} (a SUBSCRIBE's recovery). */
    static EncodedFrame receipt(String receiptId, Headers extra, StompVersion version) {
        Headers headers = extra.size() == 0 ? Headers.of("receipt-id", receiptId)
                : Headers.builder().add("receipt-id", receiptId).addAll(extra).build();
        return FrameEncoder.encode(Frame.of(Command.RECEIPT, headers), version);
    }

    /** The ERROR frame an error carries; see {@link StompProtocolException#toFrame()}. */
    static EncodedFrame error(StompProtocolException error, StompVersion version) {
        return FrameEncoder.encode(error.toFrame(), version);
    }
}
