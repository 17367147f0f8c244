"""Past the resume grace (the broker under test keeps sessions 1 s) a CONNECT with the old token
is told the session is gone: x-resumed:false, x-resume-refused:expired, and a fresh session that
has no subscription; the queue message the old session held is back on its queue, redelivered."""
import socket
import time

import stomp

from interop import Recorder, check, check_equal, run, unique, with_receipt

GRACE_SECONDS = 1.0


def connect(args, login, token=None):
    conn = stomp.Connection12([(args.host, args.port)], heartbeats=(0, 0))
    recorder = Recorder()
    conn.set_listener("recorder", recorder)
    conn.connect(login, "secret", wait=True, headers={"x-resume-token": token} if token else {})
    recorder.wait_for(lambda: recorder.connected is not None, "CONNECTED of %s" % login)
    return conn, recorder


def main(args):
    queue = unique("/queue/interop.py.expired")
    alice, recorder = connect(args, "alice")
    token = recorder.connected.headers["x-resume-token"]
    check_equal(recorder.connected.headers.get("x-resume-grace"), "1000", "x-resume-grace")
    with_receipt(recorder, lambda r: alice.subscribe(queue, "jobs", ack="client", receipt=r))
    alice.send(queue, "job")
    recorder.wait_messages(1)
    alice.transport.socket.shutdown(socket.SHUT_RDWR)
    recorder.wait_for(lambda: recorder.disconnected, "the socket to close")

    time.sleep(GRACE_SECONDS * 1.5)     # the grace itself is what this waits for
    late, late_recorder = connect(args, "alice", token)
    check_equal(late_recorder.connected.headers.get("x-resumed"), "false", "x-resumed")
    check_equal(late_recorder.connected.headers.get("x-resume-refused"), "expired", "x-resume-refused")
    check_equal(late_recorder.messages, [], "messages of a session that is gone")
    with_receipt(late_recorder, lambda r: late.subscribe(queue, "jobs", receipt=r))
    again = late_recorder.wait_messages(1)[0]
    check_equal(again.body, "job", "the held message back on its queue")
    check_equal(again.headers.get("redelivered"), "true", "redelivered flag")
    late.disconnect()


run(main)
