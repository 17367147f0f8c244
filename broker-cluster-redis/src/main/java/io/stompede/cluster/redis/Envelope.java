package io.stompede.cluster.redis;

import io.stompede.frame.Headers;
import io.stompede.message.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A topic message as it travels between nodes: the node that published it, and the message (id,
 * destination, headers, body). Encoded once per publish, whatever the number of nodes. Immutable.
 *
 * <p>Layout: a format byte, then modified-UTF-8 strings (origin, id, destination), the header
 * count and each name and value, the body length and the body.
 */
record Envelope(String origin, Message message) {
    private static final int FORMAT = 1;

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

    /**
     * Decodes what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not an envelope of this format
     */
    static Envelope decode(byte[] encoded) {
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
}
