"""Shared by the stomp.py interop scripts: arguments, checks that end the script with a clear
message and a non-zero exit, and a listener that records what the broker sent so that a script
can wait, with a bound, for the frame it expects.

Run by io.stompede.interop.StompPyTest: python3 SCRIPT --host HOST --port PORT
"""
import argparse
import sys
import threading
import traceback
import uuid

import stomp

# Every wait is bounded: a broker that never answers fails the script instead of hanging CI.
TIMEOUT = 5.0


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def check_equal(actual, expected, what):
    check(actual == expected, "%s: expected %r but was %r" % (what, expected, actual))


def unique(prefix):
    """A destination or id no other script run shares, so runs never see each other's messages."""
    return "%s.%s" % (prefix, uuid.uuid4().hex[:12])


class Recorder(stomp.ConnectionListener):
    """Records every frame the broker sends on one connection; the wait_* methods block on a
    condition until what is expected has arrived or TIMEOUT passes."""

    def __init__(self):
        self._lock = threading.Condition()
        self.connected = None
        self.messages = []
        self.receipts = []
        self.errors = []
        self.heartbeats = 0
        self.heartbeat_timeouts = 0
        self.disconnected = False

    def _record(self, action):
        with self._lock:
            action()
            self._lock.notify_all()

    def on_connected(self, frame):
        self._record(lambda: setattr(self, "connected", frame))

    def on_message(self, frame):
        self._record(lambda: self.messages.append(frame))

    def on_receipt(self, frame):
        self._record(lambda: self.receipts.append(frame.headers.get("receipt-id")))

    def on_error(self, frame):
        self._record(lambda: self.errors.append(frame))

    def on_heartbeat(self):
        self._record(lambda: setattr(self, "heartbeats", self.heartbeats + 1))

    def on_heartbeat_timeout(self):
        self._record(lambda: setattr(self, "heartbeat_timeouts", self.heartbeat_timeouts + 1))

    def on_disconnected(self):
        self._record(lambda: setattr(self, "disconnected", True))

    def wait_for(self, predicate, what, timeout=TIMEOUT):
        with self._lock:
            if not self._lock.wait_for(predicate, timeout):
                raise CheckFailed("timed out after %ss waiting for %s; got messages %s, errors %s"
                                  % (timeout, what, [describe(m) for m in self.messages],
                                     [describe(e) for e in self.errors]))

    def wait_messages(self, count, timeout=TIMEOUT):
        """The first `count` messages, once they have all arrived."""
        self.wait_for(lambda: len(self.messages) >= count, "%d message(s)" % count, timeout)
        with self._lock:
            return list(self.messages[:count])

    def wait_receipt(self, receipt_id):
        self.wait_for(lambda: receipt_id in self.receipts, "RECEIPT %s" % receipt_id)

    def message_count(self):
        with self._lock:
            return len(self.messages)


def describe(frame):
    return "%s %s %r" % (frame.cmd, frame.headers, frame.body)


CONNECTIONS = {"1.0": stomp.Connection10, "1.1": stomp.Connection11, "1.2": stomp.Connection12}


def open_connection(args, version="1.2", heartbeats=(0, 0), auto_decode=True):
    """Connects with stomp.py's class for `version` and waits for CONNECTED; returns the
    connection and its recorder."""
    options = {"auto_decode": auto_decode}
    if version != "1.0":
        options["heartbeats"] = heartbeats
    conn = CONNECTIONS[version]([(args.host, args.port)], **options)
    recorder = Recorder()
    conn.set_listener("recorder", recorder)
    conn.connect(wait=True)
    # stomp.py's wait ends when its transport has seen CONNECTED, which may be just before the
    # listeners are told.
    recorder.wait_for(lambda: recorder.connected is not None, "CONNECTED for STOMP %s" % version)
    check(not recorder.errors, "ERROR on connect: %s" % [describe(e) for e in recorder.errors])
    return conn, recorder


def with_receipt(recorder, send):
    """Calls send(receipt_id) and waits until the broker has confirmed that frame."""
    receipt_id = unique("receipt")
    send(receipt_id)
    recorder.wait_receipt(receipt_id)


def run(main):
    """Runs main(args), turning a failed check or any exception into a message and a non-zero exit."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--other-port", type=int, help="a second node of the same cluster, for cluster scripts")
    parser.add_argument("--token", action="append", default=[], help="a credential the script presents, in order")
    args = parser.parse_args()
    try:
        main(args)
    except CheckFailed as failure:
        print("FAILED: %s" % failure, file=sys.stderr)
        sys.exit(1)
    except Exception:
        traceback.print_exc()
        print("FAILED: unexpected exception", file=sys.stderr)
        sys.exit(2)
    print("OK")
