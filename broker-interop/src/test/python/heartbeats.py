"""Heart-beats both ways against the default broker: stomp.py asks for 1 s each way and gets it,
the broker's beats reach stomp.py and stomp.py's beats keep the broker from closing it, for several
intervals past the broker's grace; the connection still carries messages afterwards."""
from interop import check, check_equal, open_connection, run, unique


def main(args):
    conn, recorder = open_connection(args, "1.2", heartbeats=(1000, 1000))
    check_equal(recorder.connected.headers.get("heart-beat"), "1000,1000", "CONNECTED heart-beat")

    # Four beats take about 4 s: the broker would have closed a silent client after 2 s (2 x 1 s),
    # and stomp.py would report a timeout after 1.5 s without a beat.
    recorder.wait_for(lambda: recorder.heartbeats >= 4, "4 heart-beats from the broker", timeout=8)
    check_equal(recorder.heartbeat_timeouts, 0, "heart-beat timeouts seen by stomp.py")
    check(conn.is_connected() and not recorder.disconnected, "connection closed while beating")

    destination = unique("/topic/interop.py.heartbeats")
    conn.subscribe(destination, "s1")
    conn.send(destination, "still here")
    check_equal(recorder.wait_messages(1)[0].body, "still here", "body after heart-beating")
    conn.disconnect()
    check(not recorder.errors, "ERROR frames: %s" % recorder.errors)


run(main)
