"""Receipts for SUBSCRIBE, SEND and UNSUBSCRIBE; after UNSUBSCRIBE (confirmed by its receipt) the
subscription gets nothing more while another subscription on the same connection still does."""
from interop import check, check_equal, open_connection, run, unique, with_receipt


def main(args):
    conn, recorder = open_connection(args, "1.2")
    destination = unique("/topic/interop.py.unsubscribe")
    with_receipt(recorder, lambda r: conn.subscribe(destination, "leaving", receipt=r))
    with_receipt(recorder, lambda r: conn.subscribe(destination, "staying", receipt=r))
    with_receipt(recorder, lambda r: conn.send(destination, "first", receipt=r))
    first = recorder.wait_messages(2)
    check_equal(sorted(m.headers.get("subscription") for m in first), ["leaving", "staying"],
                "subscriptions that got the first message")

    with_receipt(recorder, lambda r: conn.unsubscribe("leaving", receipt=r))
    with_receipt(recorder, lambda r: conn.send(destination, "second", receipt=r))
    second = recorder.wait_messages(3)[2]
    check_equal(second.headers.get("subscription"), "staying", "subscription of the second message")
    check_equal(second.body, "second", "second body")
    # Both deliveries of one SEND leave the broker together: had 'leaving' still been subscribed,
    # its copy would be here by now, and a third SEND makes sure nothing straggles in.
    with_receipt(recorder, lambda r: conn.send(destination, "third", receipt=r))
    recorder.wait_messages(4)
    check_equal([m.headers.get("subscription") for m in recorder.messages[2:]], ["staying", "staying"],
                "subscriptions after UNSUBSCRIBE")
    conn.disconnect()
    check(not recorder.errors, "ERROR frames: %s" % recorder.errors)


run(main)
