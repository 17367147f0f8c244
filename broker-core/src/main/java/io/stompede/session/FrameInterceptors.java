package io.stompede.session;

import io.stompede.application.FrameInterceptor;
import io.stompede.application.MessageRejectedException;
import io.stompede.application.SessionInfo;
import io.stompede.frame.Frame;
import io.stompede.frame.StompProtocolException;
import java.util.List;

/** The application's interceptors of inbound frames, asked in the order added. Immutable and thread-safe. */
public final class FrameInterceptors {
    private final List<FrameInterceptor> interceptors;

    /** The interceptors, copied: adding to the builder later does not change a running broker. */
    public FrameInterceptors(List<FrameInterceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    /** Lets every interceptor see the frame; the first refusal becomes the client's ERROR. */
    void check(SessionInfo session, Frame frame) throws StompProtocolException {
        for (FrameInterceptor interceptor : interceptors) {
            try {
                interceptor.inbound(session, frame);
            } catch (MessageRejectedException e) {
                throw new StompProtocolException(e.getMessage());
            }
        }
    }
}
