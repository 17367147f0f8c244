package io.stompede.session;

import io.stompede.frame.Command;
import io.stompede.frame.EncodedFrame;
import io.stompede.frame.Frame;
import io.stompede.frame.FrameEncoder;
import io.stompede.frame.Headers;
import io.stompede.frame.StompProtocolException;
import io.stompede.frame.StompVersion;
import java.nio.charset.StandardCharsets;

/** The frames a broker answers with, other than MESSAGE. */
final class ServerFrames {
    private ServerFrames() {
    }

    static EncodedFrame receipt(String receiptId, StompVersion version) {
        return FrameEncoder.encode(Frame.of(Command.RECEIPT, Headers.of("receipt-id", receiptId)), version);
    }

    /**
     * The ERROR frame for a protocol violation: its short text in {@code message}, the offending
     * frame's receipt as {@code receipt-id}, and the longer explanation as a text body.
     */
    static EncodedFrame error(StompProtocolException error, Headers extra, StompVersion version) {
        Headers.Builder headers = Headers.builder().add("message", error.getMessage());
        if (error.receiptId() != null) {
            headers.add("receipt-id", error.receiptId());
        }
        headers.addAll(extra);
        byte[] body = error.detail() == null ? new byte[0] : error.detail().getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) {
            headers.add("content-type", "text/plain;charset=UTF-8").add("content-length", Integer.toString(body.length));
        }
        return FrameEncoder.encode(Frame.of(Command.ERROR, headers.build(), body), version);
    }
}
