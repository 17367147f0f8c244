"""Stompede session resume with stomp.py: keep CONNECTED's x-resume-token, lose the socket (no
DISCONNECT), and CONNECT again with the token as a header. The session comes back: 50 topic
messages published meanwhile arrive once and in order on the old subscription id, the queue
message left unacknowledged comes again marked redelivered, and resubscribing with the same id and
destination is receipted without a second subscription. A stolen token used by another login is
refused (x-resumed:false, x-resume-refused:principal) and leaves the session to its owner."""
import socket

import stomp

from interop import Recorder, check, check_equal, describe, run, unique, with_receipt


def connect(args, login, token=None):
    conn = stomp.Connection12([(args.host, args.port)], heartbeats=(0, 0))
    recorder = Recorder()
    conn.set_listener("recorder", recorder)
    headers = {"x-resume-token": token} if token else {}
    conn.connect(login, "secret", wait=True, headers=headers)
    recorder.wait_for(lambda: recorder.connected is not None, "CONNECTED of %s" % login)
    return conn, recorder


def drop(conn, recorder):
    """Loses the socket under the client, as a phone losing its network does: no DISCONNECT."""
    conn.transport.socket.shutdown(socket.SHUT_RDWR)
    recorder.wait_for(lambda: recorder.disconnected, "the socket to close")


def main(args):
    topic = unique("/topic/interop.py.resume")
    queue = unique("/queue/interop.py.resume")
    alice, recorder = connect(args, "alice")
    token = recorder.connected.headers.get("x-resume-token")
    check(token and len(token) >= 22, "x-resume-token on CONNECTED: %s" % recorder.connected.headers)
    check_equal(recorder.connected.headers.get("x-resume-grace"), "120000", "x-resume-grace")
    with_receipt(recorder, lambda r: alice.subscribe(topic, "room", receipt=r))
    with_receipt(recorder, lambda r: alice.subscribe(queue, "jobs", ack="client-individual", receipt=r))
    bob, bob_recorder = connect(args, "bob")
    bob.send(queue, "job 1")
    check_equal(recorder.wait_messages(1)[0].body, "job 1", "the queue message before the drop")

    drop(alice, recorder)
    for i in range(49):
        bob.send(topic, "m%d" % i)
    with_receipt(bob_recorder, lambda r: bob.send(topic, "m49", receipt=r))

    mallory, mallory_recorder = connect(args, "mallory", token)
    check_equal(mallory_recorder.connected.headers.get("x-resumed"), "false", "x-resumed for a stolen token")
    check_equal(mallory_recorder.connected.headers.get("x-resume-refused"), "principal", "x-resume-refused")
    mallory.disconnect()
    check_equal(mallory_recorder.messages, [], "messages to the thief")

    back, resumed = connect(args, "alice", token)
    check_equal(resumed.connected.headers.get("x-resumed"), "true", "x-resumed")
    check(resumed.connected.headers.get("x-resume-token") not in (None, token), "a fresh token")
    with_receipt(resumed, lambda r: back.subscribe(topic, "room", receipt=r))
    messages = resumed.wait_messages(51)
    on_room = [m for m in messages if m.headers.get("subscription") == "room"]
    check_equal([m.body for m in on_room], ["m%d" % i for i in range(50)], "topic messages on the old id")
    jobs = [m for m in messages if m.headers.get("subscription") == "jobs"]
    check_equal([m.body for m in jobs], ["job 1"], "the unacknowledged queue message again")
    check_equal(jobs[0].headers.get("redelivered"), "true", "redelivered flag")
    with_receipt(resumed, lambda r: back.ack(jobs[0].headers["ack"], receipt=r))

    with_receipt(bob_recorder, lambda r: bob.send(topic, "live", receipt=r))
    resumed.wait_for(lambda: resumed.message_count() >= 52, "the live message")
    check_equal(resumed.message_count(), 52, "messages in all: no duplicates")
    check(not resumed.errors, "ERROR frames: %s" % [describe(e) for e in resumed.errors])
    back.disconnect()
    bob.disconnect()


run(main)
