package io.stompede.spring;

import org.springframework.messaging.MessageChannel;

/**
 * What every bridged session shares on its way out: Spring's clientOutboundChannel, the water
 * marks of the bytes waiting for it, and how much a held-back client may send meanwhile. Immutable.
 */
record OutboundSettings(MessageChannel channel, long lowWaterMark, long highWaterMark, long maxPausedInput) {
}
