package io.stompede.spring;

import org.springframework.messaging.MessageChannel;

/**
 * What every bridged session shares on its way out: Spring's clientOutboundChannel, the water
 * marks of the bytes waiting for it, how much a held-back client may send meanwhile, and whether
 * deliveries travel in wire form ({@link WireFormOutput}). Immutable.
 */
record OutboundSettings(MessageChannel channel, long lowWaterMark, long highWaterMark, long maxPausedInput,
                        boolean wireFormDeliveries) {
    /** These settings, with deliveries in wire form or not. */
    OutboundSettings withWireFormDeliveries(boolean wireForm) {
        return new OutboundSettings(channel, lowWaterMark, highWaterMark, maxPausedInput, wireForm);
    }
}
