"""Ack modes 'client' (an ACK covers this message and every earlier one on the subscription) and
'client-individual' (an ACK covers one message), on a queue: whatever the consumer did not ACK
comes back to the next consumer once it disconnects, and nothing it did ACK comes back."""
from interop import check, check_equal, open_connection, run, unique, with_receipt


def bodies(messages):
    return [m.body for m in messages]


def consume_ack_second_and_leave(args, queue, ack_mode):
    conn, recorder = open_connection(args, "1.2")
    with_receipt(recorder, lambda r: conn.subscribe(queue, "s1", ack=ack_mode, receipt=r))
    for n in (1, 2, 3):
        conn.send(queue, "m%d" % n)
    received = recorder.wait_messages(3)
    check_equal(bodies(received), ["m1", "m2", "m3"], "%s: first deliveries" % ack_mode)
    for message in received:
        check_equal(message.headers.get("ack") is not None, True, "%s: 1.2 MESSAGE has an ack header: %s"
                    % (ack_mode, message.headers))
    # stomp.py 1.2 ACKs by the MESSAGE's 'ack' header, as the spec says.
    with_receipt(recorder, lambda r: conn.ack(received[1].headers["ack"], receipt=r))
    conn.disconnect()
    check(not recorder.errors, "%s: ERROR frames: %s" % (ack_mode, recorder.errors))


def remaining_bodies(args, queue, expected_count):
    """What the queue still holds: consumed until a marker sent after the reconnect arrives."""
    conn, recorder = open_connection(args, "1.2")
    conn.subscribe(queue, "s1", ack="auto")
    conn.send(queue, "marker")
    received = recorder.wait_messages(expected_count + 1)
    conn.disconnect()
    check(not recorder.errors, "ERROR frames: %s" % recorder.errors)
    check_equal(received[-1].body, "marker", "the marker comes after the returned messages")
    return received[:-1]


def main(args):
    cumulative = unique("/queue/interop.py.ack.client")
    consume_ack_second_and_leave(args, cumulative, "client")
    returned = remaining_bodies(args, cumulative, 1)
    check_equal(bodies(returned), ["m3"], "client: returned after ACK of m2")
    check_equal(returned[0].headers.get("redelivered"), "true", "client: redelivered header")

    individual = unique("/queue/interop.py.ack.individual")
    consume_ack_second_and_leave(args, individual, "client-individual")
    returned = remaining_bodies(args, individual, 2)
    check_equal(sorted(bodies(returned)), ["m1", "m3"], "client-individual: returned after ACK of m2")


run(main)
