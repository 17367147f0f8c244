package io.stompede.standalone;

import java.io.IOException;
import java.util.List;

/**
 * A builder call that takes several keys at once ({@code frameLimits} takes the four frame
 * limits, a TLS identity takes five keys): the rows of the key table that have no call of their
 * own name it here. A failure of the call is reported at whichever of its keys was set. Immutable.
 *
 * @param keys the keys the call reads
 * @param call the call
 */
record Combined(List<Key<?>> keys, Call call) {
    /** Reads the keys from the settings and calls the builders. */
    interface Call {
        void to(Builders builders, Settings settings) throws IOException;
    }

    Combined {
        keys = List.copyOf(keys);
    }

    static Combined of(Call call, Key<?>... keys) {
        return new Combined(List.of(keys), call);
    }
}
