package io.stompede.cluster.redis;

import io.stompede.frame.Headers;
import io.stompede.message.Message;
import io.stompede.message.Position;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A topic message as it travels between nodes: the node that published it, and the message (id,
 * destination, headers, body). Encoded once per publish, whatever the number of nodes. Immutable.
 *
 * <p>Layout: a format byte, then modified-UTF-8 strings (origin, id, destination), the header
 * count and each name and value, the body length and the body. A batch, several envelopes that
 * one PUBLISH carries, is a format byte of its own, the count, and each envelope's length and
 * bytes.
 */
record Envelope(String origin, Message message) {
    private static final int FORMAT = 1;
    private static final int BATCH = 2;
    // An envelope with the position Redis gave its message: what the history script publishes.
    private static final int POSITIONED = 3;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.sharedBody().length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(origin);
            out.writeUTF(message.id());
            out.writeUTF(message.destination());
            Headers headers = message.headers();
            out.writeShort(headers.size());
            for (int i = 0; i < headers.size(); i++) {
                out.writeUTF(headers.name(i));
                out.writeUTF(headers.value(i));
            }
            byte[] body = message.sharedBody();
            out.writeInt(body.length);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a message in memory", e);
        }
        return bytes.toByteArray();
    }

    /** One payload for several envelopes that {@link #encode} wrote, oldest first: {@link #decodeAll} reads it. */
    static byte[] batch(List<byte[]> encoded) {
        int size = 5;
        for (byte[] envelope : encoded) {
            size += 4 + envelope.length;
        }
        ByteBuffer batch = ByteBuffer.allocate(size).put((byte) BATCH).putInt(encoded.size());
        for (byte[] envelope : encoded) {
            batch.putInt(envelope.length).put(envelope);
        }
        return batch.array();
    }

    /**
     * Decodes a payload of one envelope or of a {@link #batch}, in order.
     *
     * @throws IllegalArgumentException when the bytes are neither
     */
    static List<Envelope> decodeAll(byte[] payload) {
        if (payload.length == 0 || payload[0] != BATCH) {
            return List.of(decode(payload));
        }
        ByteBuffer batch = ByteBuffer.wrap(payload, 1, payload.length - 1);
        if (batch.remaining() < 4) {
            throw new IllegalArgumentException("truncated batch");
        }
        int count = batch.getInt();
        if (count < 0 || count > batch.remaining() / 4) {
            throw new IllegalArgumentException("a batch of " + count + " envelopes in " + payload.length + " bytes");
        }
        List<Envelope> envelopes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = batch.remaining() >= 4 ? batch.getInt() : -1;
            if (length < 0 || length > batch.remaining()) {
                throw new IllegalArgumentException("envelope " + i + " of a batch runs past its end");
            }
            byte[] envelope = new byte[length];
            batch.get(envelope);
            envelopes.add(decode(envelope));
        }
        return envelopes;
    }

    /**
     * {@code envelope} with its message's position in front, as the history script writes it:
     * the format byte, {@code EPOCH:OFFSET}, a newline, then the envelope. Decoding it gives the
     * message carrying the position ({@code x-offset}, {@code x-epoch}).
     */
    static byte[] positioned(String epoch, long offset, byte[] envelope) {
        byte[] prefix = (epoch + ":" + offset + "\n").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + prefix.length + envelope.length).put((byte) POSITIONED).put(prefix).put(envelope)
                .array();
    }

    /**
     * Decodes what {@link #encode} or {@link #positioned} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not an envelope of this format
     */
    static Envelope decode(byte[] encoded) {
        if (encoded.length > 0 && encoded[0] == POSITIONED) {
            return decodePositioned(encoded);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown envelope format " + format);
            }
            String origin = in.readUTF();
            String id = in.readUTF();
            String destination = in.readUTF();
            int count = in.readUnsignedShort();
            Headers.Builder headers = Headers.builder();
            for (int i = 0; i < count; i++) {
                headers.add(in.readUTF(), in.readUTF());
            }
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw new IllegalArgumentException("body length " + length + " past the envelope's end");
            }
            byte[] body = in.readNBytes(length);
            return new Envelope(origin, new Message(id, destination, headers.build(), body));
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated envelope", e);
        }
    }

    private static Envelope decodePositioned(byte[] encoded) {
        int newline = -1;
        for (int i = 1; i < encoded.length && newline < 0; i++) {
            if (encoded[i] == '\n') {
                newline = i;
            }
        }
        if (newline < 0) {
            throw new IllegalArgumentException("a positioned envelope without its position");
        }
        String position = new String(encoded, 1, newline - 1, StandardCharsets.UTF_8);
        int colon = position.lastIndexOf(':');
        long offset;
        try {
            offset = Long.parseLong(position.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a positioned envelope with position '" + position + "'", e);
        }
        if (colon <= 0) {
            throw new IllegalArgumentException("a positioned envelope with position '" + position + "'");
        }
        Envelope inner = decode(Arrays.copyOfRange(encoded, newline + 1, encoded.length));
        return new Envelope(inner.origin(), new Position(position.substring(0, colon), offset).stamp(inner.message()));
    }
}
