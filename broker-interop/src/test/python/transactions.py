"""Transactions: SENDs inside BEGIN..COMMIT are held until COMMIT and then delivered in order;
ABORT drops them; an ACK inside a transaction takes effect only on COMMIT."""
from interop import check, check_equal, open_connection, run, unique, with_receipt


def main(args):
    conn, recorder = open_connection(args, "1.2")
    topic = unique("/topic/interop.py.tx")
    with_receipt(recorder, lambda r: conn.subscribe(topic, "s1", receipt=r))

    tx = conn.begin()
    conn.send(topic, "tx-1", transaction=tx)
    conn.send(topic, "tx-2", transaction=tx)
    with_receipt(recorder, lambda r: conn.send(topic, "outside", receipt=r))
    check_equal([m.body for m in recorder.wait_messages(1)], ["outside"], "delivered before COMMIT")
    with_receipt(recorder, lambda r: conn.commit(tx, receipt=r))
    check_equal([m.body for m in recorder.wait_messages(3)], ["outside", "tx-1", "tx-2"], "delivered after COMMIT")

    tx = conn.begin()
    conn.send(topic, "aborted", transaction=tx)
    with_receipt(recorder, lambda r: conn.abort(tx, receipt=r))
    with_receipt(recorder, lambda r: conn.send(topic, "after abort", receipt=r))
    check_equal([m.body for m in recorder.wait_messages(4)][3], "after abort", "next after ABORT")
    check_equal(recorder.message_count(), 4, "messages after ABORT")

    # An ACK in an aborted transaction leaves the message unsettled: it comes back on reconnect;
    # the same ACK in a committed transaction settles it.
    queue = unique("/queue/interop.py.tx")
    queue_conn, queue_recorder = open_connection(args, "1.2")
    with_receipt(queue_recorder, lambda r: queue_conn.subscribe(queue, "q", ack="client-individual", receipt=r))
    queue_conn.send(queue, "job")
    job = queue_recorder.wait_messages(1)[0]
    tx = queue_conn.begin()
    queue_conn.ack(job.headers["ack"], transaction=tx)
    with_receipt(queue_recorder, lambda r: queue_conn.abort(tx, receipt=r))
    queue_conn.disconnect()

    queue_conn, queue_recorder = open_connection(args, "1.2")
    queue_conn.subscribe(queue, "q", ack="client-individual")
    again = queue_recorder.wait_messages(1)[0]
    check_equal(again.body, "job", "redelivered after the aborted ACK")
    tx = queue_conn.begin()
    queue_conn.ack(again.headers["ack"], transaction=tx)
    with_receipt(queue_recorder, lambda r: queue_conn.commit(tx, receipt=r))
    queue_conn.disconnect()

    queue_conn, queue_recorder = open_connection(args, "1.2")
    queue_conn.subscribe(queue, "q")
    queue_conn.send(queue, "marker")
    check_equal(queue_recorder.wait_messages(1)[0].body, "marker", "first message after the committed ACK")
    queue_conn.disconnect()
    conn.disconnect()
    for r in (recorder, queue_recorder):
        check(not r.errors, "ERROR frames: %s" % r.errors)


run(main)
