"""NACK on a queue returns the message, which is redelivered marked 'redelivered'; ACKing the
redelivery settles it for good. Over 1.1 (NACK names subscription and message-id) and 1.2 (NACK
quotes the MESSAGE's ack header)."""
from interop import check, check_equal, open_connection, run, unique, with_receipt


def settle(conn, version, message, verb, receipt):
    if version == "1.1":
        getattr(conn, verb)(message.headers["message-id"], message.headers["subscription"], receipt=receipt)
    else:
        getattr(conn, verb)(message.headers["ack"], receipt=receipt)


def main(args):
    for version in ("1.1", "1.2"):
        queue = unique("/queue/interop.py.nack")
        conn, recorder = open_connection(args, version)
        with_receipt(recorder, lambda r: conn.subscribe(queue, "s1", ack="client-individual", receipt=r))
        conn.send(queue, "try again")
        first = recorder.wait_messages(1)[0]
        check(first.headers.get("redelivered") in (None, "false"), "first delivery marked redelivered: %s"
              % first.headers)

        with_receipt(recorder, lambda r: settle(conn, version, first, "nack", r))
        second = recorder.wait_messages(2)[1]
        check_equal(second.body, "try again", "redelivered body over %s" % version)
        check_equal(second.headers.get("redelivered"), "true", "redelivered header over %s" % version)
        check(second.headers.get("message-id"), "message-id of the redelivery: %s" % second.headers)

        with_receipt(recorder, lambda r: settle(conn, version, second, "ack", r))
        conn.disconnect()
        check(not recorder.errors, "ERROR frames over %s: %s" % (version, recorder.errors))

        # Settled: a fresh consumer finds only what is sent after.
        conn, recorder = open_connection(args, version)
        conn.subscribe(queue, "s1")
        conn.send(queue, "marker")
        check_equal(recorder.wait_messages(1)[0].body, "marker", "first message after the ACK over %s" % version)
        conn.disconnect()


run(main)
