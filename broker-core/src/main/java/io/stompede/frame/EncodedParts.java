package io.stompede.frame;

import java.nio.ByteBuffer;

/**
 * An {@link EncodedFrame} made of arrays written one after another: a delivery's own header
 * lines plus the header lines and body it shares with every other delivery of the message,
 * without copying the shared parts into a new array per subscriber.
 */
final class EncodedParts implements EncodedFrame {
    private static final byte[] EOL = {'\n'};
    private static final byte[] NUL = {0};

    private final byte[][] parts;
    private final int length;

    private EncodedParts(byte[][] parts) {
        this.parts = parts;
        int n = 0;
        for (byte[] part : parts) {
            n += part.length;
        }
        this.length = n;
    }

    static EncodedParts of(Command command, byte[] body, byte[]... headerLines) {
        byte[][] parts = new byte[headerLines.length + 5][];
        int i = 0;
        parts[i++] = command.wireName();
        parts[i++] = EOL;
        for (byte[] lines : headerLines) {
            parts[i++] = lines;
        }
        parts[i++] = EOL;
        parts[i++] = body;
        parts[i] = NUL;
        return new EncodedParts(parts);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void writeTo(ByteBuffer target) {
        for (byte[] part : parts) {
            target.put(part);
        }
    }
}
