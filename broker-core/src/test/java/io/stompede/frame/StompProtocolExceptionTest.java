package io.stompede.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An error knows the ERROR frame it becomes: nothing about it is decided where it is written. */
class StompProtocolExceptionTest {
    @Test
    @DisplayName("the ERROR frame carries message, receipt-id, the extra headers in order, and the detail as a text body")
    void errorFrame() {
        Frame frame = new StompProtocolException("unsupported version", "This broker speaks STOMP 1.1,1.2.")
                .withHeader("version", "1.1,1.2")
                .withReceiptId("r-7")
                .toFrame();
        assertThat(frame.command()).isEqualTo(Command.ERROR);
        Headers headers = frame.headers();
        assertThat(headers.name(0)).isEqualTo("message");
        assertThat(headers.get("message")).isEqualTo("unsupported version");
        assertThat(headers.get("receipt-id")).isEqualTo("r-7");
        assertThat(headers.get("version")).isEqualTo("1.1,1.2");
        assertThat(headers.get("content-type")).isEqualTo("text/plain;charset=UTF-8");
        byte[] body = "This broker speaks STOMP 1.1,1.2.".getBytes(StandardCharsets.UTF_8);
        assertThat(headers.get("content-length")).isEqualTo(Integer.toString(body.length));
        assertThat(frame.bodyAsString()).isEqualTo("This broker speaks STOMP 1.1,1.2.");
    }

    @Test
    @DisplayName("without a detail the ERROR has no body and no content headers; without a receipt, no receipt-id")
    void bareError() {
        Frame frame = new StompProtocolException("not connected").toFrame();
        assertThat(frame.bodyLength()).isZero();
        assertThat(frame.headers().contains("content-length")).isFalse();
        assertThat(frame.headers().contains("receipt-id")).isFalse();
    }

    @Test
    @DisplayName("an error closes the connection after it unless it is turned into a warning, and each copy keeps the rest")
    void closeAfter() {
        StompProtocolException error = new StompProtocolException("queue is full", "detail", "r").withHeader("x", "1");
        assertThat(error.closesConnection()).isTrue();
        StompProtocolException warning = error.keepingConnection();
        assertThat(warning.closesConnection()).isFalse();
        assertThat(warning.withReceiptId("s").closesConnection()).isFalse();
        assertThat(warning.withHeader("y", "2").toFrame().headers().get("x")).isEqualTo("1");
        assertThat(warning.detail()).isEqualTo("detail");
        assertThat(error.closesConnection()).as("the original is unchanged").isTrue();
    }
}
