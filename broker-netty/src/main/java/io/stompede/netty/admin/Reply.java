package io.stompede.netty.admin;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * One answer of the admin endpoint before it becomes an HTTP response: status, content type and
 * body, and the one extra header some answers need ({@code Allow}, {@code WWW-Authenticate}).
 * Immutable.
 *
 * @param status      the status
 * @param contentType the body's type, or {@code null} for no body
 * @param body        the body, empty for none
 * @param headerName  an extra header's name, or {@code null}
 * @param headerValue its value
 */
record Reply(HttpResponseStatus status, String contentType, byte[] body, String headerName, String headerValue) {
    static final String JSON = "application/json";

    static Reply json(HttpResponseStatus status, byte[] body) {
        return new Reply(status, JSON, body, null, null);
    }

    static Reply error(HttpResponseStatus status, String message) {
        return json(status, JsonViews.write(new JsonViews.Error(message)));
    }

    static Reply empty(HttpResponseStatus status) {
        return new Reply(status, null, new byte[0], null, null);
    }

    Reply withHeader(String name, String value) {
        return new Reply(status, contentType, body, name, value);
    }
}
