"""Positions: a client remembers the x-offset and x-epoch of the last MESSAGE it got, drops its
connection, and subscribes again with x-since-offset and x-since-epoch; it gets exactly the
messages published meanwhile, marked x-history, then live ones, and its RECEIPT says
x-recovered:true. The broker keeps /topic/interop.py.positions.** with history."""
import threading

import stomp

from interop import check, check_equal, open_connection, run, unique, with_receipt


class ReceiptFrames(stomp.ConnectionListener):
    """The RECEIPT frames themselves, whose headers the shared recorder does not keep."""

    def __init__(self):
        self.frames = {}
        self._lock = threading.Lock()

    def on_receipt(self, frame):
        with self._lock:
            self.frames[frame.headers.get("receipt-id")] = frame


def main(args):
    topic = unique("/topic/interop.py.positions")
    conn, recorder = open_connection(args, "1.2")
    with_receipt(recorder, lambda r: conn.subscribe(topic, "room", receipt=r))
    for i in range(3):
        with_receipt(recorder, lambda r, i=i: conn.send(topic, "seen %d" % i, receipt=r))
    seen = recorder.wait_messages(3)
    offsets = [int(m.headers["x-offset"]) for m in seen]
    check_equal(offsets, [offsets[0], offsets[0] + 1, offsets[0] + 2], "offsets one apart")
    last_offset, epoch = seen[-1].headers["x-offset"], seen[-1].headers["x-epoch"]
    conn.disconnect()

    other, other_recorder = open_connection(args, "1.2")
    for i in range(5):
        with_receipt(other_recorder, lambda r, i=i: other.send(topic, "missed %d" % i, receipt=r))

    back, back_recorder = open_connection(args, "1.2")
    receipts = ReceiptFrames()
    back.set_listener("receipts", receipts)
    with_receipt(back_recorder, lambda r: back.subscribe(topic, "room", receipt=r, headers={
        "x-since-offset": last_offset, "x-since-epoch": epoch}))
    receipt = next(iter(receipts.frames.values()))
    check_equal(receipt.headers.get("x-recovered"), "true", "x-recovered on the RECEIPT")
    missed = back_recorder.wait_messages(5)
    check_equal([m.body for m in missed], ["missed %d" % i for i in range(5)], "the missed messages")
    check(all(m.headers.get("x-history") == "true" for m in missed), "replayed messages marked x-history")
    check_equal([int(m.headers["x-offset"]) for m in missed], [int(last_offset) + 1 + i for i in range(5)],
                "their offsets")

    with_receipt(other_recorder, lambda r: other.send(topic, "live", receipt=r))
    got = back_recorder.wait_messages(6)
    check_equal(got[5].body, "live", "the live message after the replay")
    check_equal(int(got[5].headers["x-offset"]), int(last_offset) + 6, "its offset")
    # Nothing doubled: one more SEND, and exactly one more MESSAGE.
    with_receipt(other_recorder, lambda r: other.send(topic, "end", receipt=r))
    back_recorder.wait_messages(7)
    check_equal(back_recorder.message_count(), 7, "messages after the last")
    back.disconnect()
    other.disconnect()
    check(not back_recorder.errors and not other_recorder.errors, "no ERROR frames")


run(main)
