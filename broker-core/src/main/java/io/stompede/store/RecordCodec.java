package io.stompede.store;

import io.stompede.frame.Headers;
import io.stompede.message.Message;
import java.nio.BufferUnderflowException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Turns journal records into bytes and back. Every record is framed as
 *
 * <pre>
 * int   length   of what follows the checksum (type and fields)
 * int   crc32c   of those {@code length} bytes
 * byte  type     {@link #ADD}, {@link #ACK}, {@link #BIND} or {@link #UNBIND}
 * ...   fields   strings as int length + UTF-8; the body as int length + bytes
 * </pre>
 *
 * An ADD carries queue, message id, destination, the header count, each header's name and value,
 * and the body; an ACK queue and message id; a BIND queue and topic pattern; an UNBIND the queue.
 * Big-endian throughout. Stateless and thread-safe.
 */
final class RecordCodec {
    static final byte ADD = 1;
    static final byte ACK = 2;
    static final byte BIND = 3;
    static final byte UNBIND = 4;
    /** Bytes before the type: length and checksum. */
    static final int FRAME_HEADER = 8;
    /**
     * No record is longer: a length beyond it is read as corruption rather than as a reason to
     * allocate. Frame limits keep real messages far below it.
     */
    static final int MAX_LENGTH = 256 << 20;

    private RecordCodec() {
    }

    static byte[] add(String queue, Message message) {
        Headers headers = message.headers();
        byte[][] strings = new byte[3 + 2 * headers.size()][];
        strings[0] = utf8(queue);
        strings[1] = utf8(message.id());
        strings[2] = utf8(message.destination());
        for (int i = 0; i < headers.size(); i++) {
            strings[3 + 2 * i] = utf8(headers.name(i));
            strings[4 + 2 * i] = utf8(headers.value(i));
        }
        byte[] body = message.sharedBody();
        int length = 1 + 4 + 4 + body.length;
        for (byte[] s : strings) {
            length += 4 + s.length;
        }
        ByteBuffer out = start(length, ADD);
        put(out, strings[0]);
        put(out, strings[1]);
        put(out, strings[2]);
        out.putInt(headers.size());
        for (int i = 3; i < strings.length; i++) {
            put(out, strings[i]);
        }
        put(out, body);
        return seal(out);
    }

    static byte[] ack(String queue, String messageId) {
        return pair(ACK, queue, messageId);
    }

    static byte[] bind(String queue, String topicPattern) {
        return pair(BIND, queue, topicPattern);
    }

    static byte[] unbind(String queue) {
        byte[] q = utf8(queue);
        ByteBuffer out = start(1 + 4 + q.length, UNBIND);
        put(out, q);
        return seal(out);
    }

    /**
     * Reads the record at {@code in}'s position, leaving the position after it, or returns
     * {@code null}, with the position unchanged, when what is there is not a whole, intact
     * record: the end of the written part, a torn write or corruption. Only the keys are
     * decoded; an ADD's message stays in the bytes for {@link #message}.
     */
    static JournalRecord read(ByteBuffer in) {
        int start = in.position();
        int length = checkedLength(in, start);
        if (length < 0) {
            return null;
        }
        ByteBuffer fields = in.slice(start + FRAME_HEADER, length);
        try {
            JournalRecord record = keys(fields);
            if (fields.hasRemaining()) {
                return null;
            }
            in.position(start + FRAME_HEADER + length);
            return record;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The message of the ADD record that starts at {@code start} in {@code in}, which
     * {@link #read} already found intact. Leaves {@code in}'s position alone.
     *
     * @param shared where the destination and header strings are shared with earlier messages,
     *               or {@code null} to decode each afresh
     */
    static Message message(ByteBuffer in, int start, StringCache shared) {
        ByteBuffer fields = in.slice(start + FRAME_HEADER, in.getInt(start));
        if (fields.get() != ADD) {
            throw new IllegalArgumentException("not an ADD record at byte " + start);
        }
        skip(fields);
        String id = string(fields);
        String destination = string(fields, shared);
        int count = fields.getInt();
        Headers.Builder headers = Headers.builder();
        for (int i = 0; i < count; i++) {
            headers.add(string(fields, shared), string(fields, shared));
        }
        return new Message(id, destination, headers.build(), bytes(fields));
    }

    /**
     * Reads the ADD record at {@code offset} of a segment file and decodes its message, checking
     * its checksum: how a paged-out entry is read back.
     *
     * @throws IOException when the file cannot be read or the record there is not intact
     */
    static Message readAt(FileChannel channel, long offset) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
        readFully(channel, header, offset);
        int length = header.getInt(0);
        if (length < 1 || length > MAX_LENGTH) {
            throw new IOException("no journal record at offset " + offset);
        }
        ByteBuffer record = ByteBuffer.allocate(FRAME_HEADER + length);
        record.put(header.flip());
        readFully(channel, record, offset + FRAME_HEADER);
        record.flip();
        if (read(record.duplicate()) == null) {
            throw new IOException("the journal record at offset " + offset + " is corrupt");
        }
        try {
            return message(record, 0, null);
        } catch (IllegalArgumentException e) {
            throw new IOException("the journal record at offset " + offset + " is not a message", e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                throw new IOException("the journal ends before byte " + at);
            }
            at += read;
        }
    }

    /**
     * The length of the intact record framed at {@code start} of a heap buffer, or -1 when it is
     * not whole or its checksum fails.
     */
    private static int checkedLength(ByteBuffer in, int start) {
        if (in.limit() - start < FRAME_HEADER + 1) {
            return -1;
        }
        int length = in.getInt(start);
        int crc = in.getInt(start + 4);
        if (length < 1 || length > MAX_LENGTH || length > in.limit() - start - FRAME_HEADER) {
            return -1;
        }
        CRC32C checksum = new CRC32C();
        checksum.update(in.array(), in.arrayOffset() + start + FRAME_HEADER, length);
        return (int) checksum.getValue() == crc ? length : -1;
    }

    /** Decodes type, queue and id or pattern; walks an ADD's other fields without decoding them. */
    private static JournalRecord keys(ByteBuffer in) {
        byte type = in.get();
        String queue = string(in);
        return switch (type) {
            case ADD -> {
                String id = string(in);
                skip(in);
                int count = in.getInt();
                if (count < 0 || count > in.remaining() / 8) {
                    throw new IllegalArgumentException("header count " + count);
                }
                for (int i = 0; i < 2 * count + 1; i++) {
                    skip(in);
                }
                yield new JournalRecord(ADD, queue, id);
            }
            case ACK, BIND -> new JournalRecord(type, queue, string(in));
            case UNBIND -> new JournalRecord(UNBIND, queue, null);
            default -> throw new IllegalArgumentException("record type " + type);
        };
    }

    private static void skip(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("field length " + length);
        }
        in.position(in.position() + length);
    }

    private static byte[] pair(byte type, String first, String second) {
        byte[] a = utf8(first);
        byte[] b = utf8(second);
        ByteBuffer out = start(1 + 4 + a.length + 4 + b.length, type);
        put(out, a);
        put(out, b);
        return seal(out);
    }

    private static ByteBuffer start(int length, byte type) {
        ByteBuffer out = ByteBuffer.allocate(FRAME_HEADER + length);
        out.putInt(length).putInt(0).put(type);
        return out;
    }

    private static byte[] seal(ByteBuffer out) {
        CRC32C checksum = new CRC32C();
        checksum.update(out.array(), FRAME_HEADER, out.capacity() - FRAME_HEADER);
        out.putInt(4, (int) checksum.getValue());
        return out.array();
    }

    private static void put(ByteBuffer out, byte[] bytes) {
        out.putInt(bytes.length).put(bytes);
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("field length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static String string(ByteBuffer in, StringCache shared) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("field length " + length);
        }
        String value = shared == null
                ? new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8)
                : shared.get(in.array(), in.arrayOffset() + in.position(), length);
        in.position(in.position() + length);
        return value;
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("field length " + length);
        }
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
