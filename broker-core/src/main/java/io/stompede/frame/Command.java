package io.stompede.frame;

import java.nio.charset.StandardCharsets;

/**
 * The STOMP commands, client and server. Each knows its wire name and whether its headers are
 * escaped: CONNECT, STOMP and CONNECTED never are, because they open the session before a
 * version has been agreed. Immutable.
 */
public enum Command {
    CONNECT(Side.CLIENT),
    STOMP(Side.CLIENT),
    SEND(Side.CLIENT),
    SUBSCRIBE(Side.CLIENT),
    UNSUBSCRIBE(Side.CLIENT),
    ACK(Side.CLIENT),
    NACK(Side.CLIENT),
    BEGIN(Side.CLIENT),
    COMMIT(Side.CLIENT),
    ABORT(Side.CLIENT),
    DISCONNECT(Side.CLIENT),
    CONNECTED(Side.SERVER),
    MESSAGE(Side.SERVER),
    RECEIPT(Side.SERVER),
    ERROR(Side.SERVER);

    /** Which end of a connection sends a command. */
    public enum Side { CLIENT, SERVER }

    private final Side side;
    private final byte[] wireName;

    Command(Side side) {
        this.side = side;
        this.wireName = name().getBytes(StandardCharsets.US_ASCII);
    }

    /** Which end of a connection sends this command. */
    public Side side() {
        return side;
    }

    /** Whether header escaping applies to this command in versions that escape (1.1 and 1.2). */
    public boolean escapesHeaders() {
        return this != CONNECT && this != STOMP && this != CONNECTED;
    }

    /** Whether a frame of this command may carry a body. */
    public boolean permitsBody() {
        return this == SEND || this == MESSAGE || this == ERROR;
    }

    byte[] wireName() {
        return wireName;
    }

    /**
     * The command whose name is {@code length} ASCII bytes of {@code bytes} from {@code offset},
     * or {@code null} when none is.
     */
    static Command parse(byte[] bytes, int offset, int length) {
        for (Command command : VALUES) {
            byte[] name = command.wireName;
            if (name.length == length && java.util.Arrays.equals(name, 0, length, bytes, offset, offset + length)) {
                return command;
            }
        }
        return null;
    }

    private static final Command[] VALUES = values();
}
