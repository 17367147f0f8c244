package io.stompede.session;

import io.stompede.frame.EncodedFrame;
import io.stompede.message.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One MESSAGE delivery in wire form. It writes the few headers that differ per delivery
 * ({@code subscription}, {@code ack}, redelivery) and then the message's header lines and body,
 * which every delivery of the message shares without copying. Whether it is UTF-8 is the
 * message's cached answer for its body: the other lines always are.
 */
final class MessageFrame implements EncodedFrame {
    private static final byte[] COMMAND = "MESSAGE\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACK = "ack:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REDELIVERED = "redelivered:true\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELIVERY_COUNT = "x-delivery-count:".getBytes(StandardCharsets.US_ASCII);

    private final String subscriptionId;
    private final byte[] subscriptionLine;
    private final long ackId;
    private final int deliveryCount;
    private final boolean redelivered;
    private final byte[] sharedHeaderLines;
    private final Message message;
    private final byte[] body;
    private final int length;

    /**
     * @param subscriptionId   the id of the subscription delivered to, as its client gave it
     * @param subscriptionLine its {@code subscription} header line, encoded for the session's version
     * @param ackId         the {@code ack} header's value, or a negative number for none
     * @param deliveryCount how many times the message has now been delivered, as far as the broker
     *                      knows; above 1 it is sent as {@code x-delivery-count}
     * @param recovered     whether the message came back from the store after a restart, which
     *                      marks it redelivered whatever the count
     * @param message       the message delivered, whose body the frame carries
     */
    MessageFrame(String subscriptionId, byte[] subscriptionLine, long ackId, int deliveryCount, boolean recovered,
                 byte[] sharedHeaderLines, Message message) {
        this.subscriptionId = subscriptionId;
        this.subscriptionLine = subscriptionLine;
        this.ackId = ackId;
        this.deliveryCount = deliveryCount;
        this.redelivered = recovered || deliveryCount > 1;
        this.sharedHeaderLines = sharedHeaderLines;
        this.message = message;
        this.body = message.sharedBody();
        int n = COMMAND.length + subscriptionLine.length + sharedHeaderLines.length + 1 + body.length + 1;
        if (ackId >= 0) {
            n += ACK.length + digits(ackId) + 1;
        }
        if (redelivered) {
            n += REDELIVERED.length;
        }
        if (deliveryCount > 1) {
            n += DELIVERY_COUNT.length + digits(deliveryCount) + 1;
        }
        this.length = n;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public String subscriptionId() {
        return subscriptionId;
    }

    @Override
    public boolean isUtf8() {
        return message.isBodyUtf8();
    }

    @Override
    public void writeTo(ByteBuffer target) {
        target.put(COMMAND).put(subscriptionLine);
        if (ackId >= 0) {
            target.put(ACK);
            putDecimal(target, ackId);
            target.put((byte) '\n');
        }
        if (redelivered) {
            target.put(REDELIVERED);
        }
        if (deliveryCount > 1) {
            target.put(DELIVERY_COUNT);
            putDecimal(target, deliveryCount);
            target.put((byte) '\n');
        }
        target.put(sharedHeaderLines).put((byte) '\n').put(body).put((byte) 0);
    }

    private static int digits(long value) {
        int digits = 1;
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }

    private static void putDecimal(ByteBuffer target, long value) {
        int start = target.position();
        int end = start + digits(value);
        for (int i = end - 1; i >= start; i--) {
            target.put(i, (byte) ('0' + value % 10));
            value /= 10;
        }
        target.position(end);
    }
}
