"""STOMP 1.0, 1.1 and 1.2 connects: each of stomp.py's protocol classes negotiates its own version,
sees the CONNECTED headers it relies on, exchanges a message and disconnects with a receipt."""
from interop import check, check_equal, open_connection, run, unique


def main(args):
    for version in ("1.0", "1.1", "1.2"):
        conn, recorder = open_connection(args, version)
        headers = recorder.connected.headers
        # A 1.0 broker need not name the version; a 1.1+ one must.
        check_equal(headers.get("version", "1.0"), version, "negotiated version")
        check(headers.get("server", "").startswith("Stompede/"), "server header: %s" % headers)
        check(headers.get("session"), "session header: %s" % headers)

        destination = unique("/topic/interop.py.connect")
        if version == "1.0":
            conn.subscribe(destination, id="s1")
        else:
            conn.subscribe(destination, "s1")
        conn.send(destination, "hello over %s" % version)
        message = recorder.wait_messages(1)[0]
        check_equal(message.body, "hello over %s" % version, "body over %s" % version)
        check_equal(message.headers.get("destination"), destination, "destination over %s" % version)

        # stomp.py's disconnect asks for a receipt and waits for it before closing the socket.
        conn.disconnect()
        recorder.wait_for(lambda: recorder.disconnected, "the connection to close after DISCONNECT")
        check(not recorder.errors, "ERROR frames over %s: %s" % (version, recorder.errors))


run(main)
