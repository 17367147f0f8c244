package io.stompede.test;

import io.stompede.frame.Frame;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one recorded frame: its headers and body. Returned by {@link SessionAssert}. */
public final class FrameAssert extends AbstractAssert<FrameAssert, Frame> {
    private final String what;

    FrameAssert(Frame actual, String what) {
        super(actual, FrameAssert.class);
        this.what = what;
    }

    /** The frame has header {@code name} with {@code value}. */
    public FrameAssert withHeader(String name, String value) {
        if (!value.equals(actual.header(name))) {
            failWithMessage("Expecting the %s to have header %s:%s, but it had %s", what, name, value, actual.headers());
        }
        return this;
    }

    /** The frame has no header {@code name}. */
    public FrameAssert withoutHeader(String name) {
        if (actual.header(name) != null) {
            failWithMessage("Expecting the %s to have no header %s, but it had %s", what, name, actual.headers());
        }
        return this;
    }

    /** The frame's body, as UTF-8, is {@code body}. */
    public FrameAssert withBody(String body) {
        if (!body.equals(actual.bodyAsString())) {
            failWithMessage("Expecting the %s to have body %s, but it had %s", what, body, actual.bodyAsString());
        }
        return this;
    }

    /** The frame itself, for checks these assertions do not have. */
    public Frame frame() {
        return actual;
    }
}
