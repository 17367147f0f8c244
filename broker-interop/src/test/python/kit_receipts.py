"""Against the test kit: stomp.py subscribes, sends and disconnects, each asking for a receipt,
and waits for each; the JUnit side checks in the kit's recording what it really sent."""
from interop import check, open_connection, run, with_receipt


def main(args):
    conn, recorder = open_connection(args, "1.2")
    with_receipt(recorder, lambda r: conn.subscribe("/queue/kit.py", "py", ack="client-individual", receipt=r))
    with_receipt(recorder, lambda r: conn.send("/queue/kit.py", "hello", receipt=r))
    message = recorder.wait_messages(1)[0]
    with_receipt(recorder, lambda r: conn.ack(message.headers["ack"], receipt=r))
    conn.disconnect(receipt="bye")
    check(not recorder.errors, "ERROR frames: %s" % recorder.errors)


if __name__ == "__main__":
    run(main)
