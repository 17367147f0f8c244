package io.stompede.netty;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A frame as the test clients read it off the wire: no unescaping, first header occurrence wins. */
record StompFrame(String command, Map<String, String> headers, byte[] body) {
    String header(String name) {
        return headers.get(name);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The wire form of a client frame, with a content-length when there is a body. */
    static byte[] encode(String command, Map<String, String> headers, String body) {
        StringBuilder sb = new StringBuilder(command).append('\n');
        Map<String, String> all = new LinkedHashMap<>(headers);
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        if (bodyBytes.length > 0) {
            all.putIfAbsent("content-length", Integer.toString(bodyBytes.length));
        }
        all.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
        sb.append('\n');
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + bodyBytes.length + 1];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(bodyBytes, 0, frame, head.length, bodyBytes.length);
        return frame;
    }

    @Override
    public String toString() {
        return command + headers + (body.length == 0 ? "" : " " + bodyText());
    }
}
