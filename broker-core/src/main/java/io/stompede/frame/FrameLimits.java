package io.stompede.frame;

/**
 * How much a decoder accepts before it refuses a frame. Immutable. The defaults protect a broker
 * that faces untrusted clients: no input can make the decoder hold more than
 * {@link #maxFrameSize()} bytes of one frame.
 *
 * @param maxFrameSize        the largest frame in bytes, command line to NUL inclusive
 * @param maxHeaderCount      the most header lines a frame may carry
 * @param maxHeaderLineLength the longest command or header line, in bytes, without its EOL
 * @param maxBodySize         the largest body in bytes
 */
public record FrameLimits(int maxFrameSize, int maxHeaderCount, int maxHeaderLineLength, int maxBodySize) {
    public static final int DEFAULT_MAX_FRAME_SIZE = 4 * 1024 * 1024 + 64 * 1024;
    public static final int DEFAULT_MAX_HEADER_COUNT = 64;
    public static final int DEFAULT_MAX_HEADER_LINE_LENGTH = 8 * 1024;
    public static final int DEFAULT_MAX_BODY_SIZE = 4 * 1024 * 1024;

    /** Limits fit for a public deployment: 4 MiB bodies, 64 headers, 8 KiB per header line. */
    public static final FrameLimits DEFAULTS = new FrameLimits(
            DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_HEADER_LINE_LENGTH, DEFAULT_MAX_BODY_SIZE);

    public FrameLimits {
        if (maxFrameSize <= 0 || maxHeaderCount <= 0 || maxHeaderLineLength <= 0 || maxBodySize < 0) {
            throw new IllegalArgumentException("frame limits must be positive");
        }
        if (maxBodySize > maxFrameSize) {
            throw new IllegalArgumentException("maxBodySize " + maxBodySize + " exceeds maxFrameSize " + maxFrameSize);
        }
    }
}
