"""Credentials that expire on a live connection (the x-credentials extension): a client that
connects with a short-lived token hears the warning on /stompede/session, sends a new token
in-band, and keeps its session and subscriptions past the old token's expiry.

Arguments: --token SHORT --token LONG (the same principal)."""
import time

import stomp

from interop import Recorder, check, check_equal, describe, run, unique, with_receipt

WARNING_TIMEOUT = 20.0


def notices(recorder, kind):
    return [m for m in recorder.messages if m.headers.get("x-notice") == kind]


def main(args):
    short, refreshed = args.token
    conn = stomp.Connection12([(args.host, args.port)], heartbeats=(0, 0))
    recorder = Recorder()
    conn.set_listener("recorder", recorder)
    conn.connect(passcode=short, wait=True)
    recorder.wait_for(lambda: recorder.connected is not None, "CONNECTED")
    expire = int(recorder.connected.headers["x-credentials-expire"])

    conn.subscribe("/stompede/session", "notices")
    destination = unique("/topic/interop.py.credentials")
    with_receipt(recorder, lambda r: conn.subscribe(destination, "data", receipt=r))

    recorder.wait_for(lambda: notices(recorder, "credentials-expiring"), "the expiry warning", WARNING_TIMEOUT)
    warning = notices(recorder, "credentials-expiring")[0]
    check_equal(int(warning.headers["x-credentials-expire"]), expire, "the warning's expiry")
    check_equal(warning.headers.get("subscription"), "notices", "the warning's subscription")

    with_receipt(recorder, lambda r: conn.send("/stompede/session", "", headers={"x-credentials": refreshed},
                                               receipt=r))
    recorder.wait_for(lambda: notices(recorder, "credentials-refreshed"), "the refresh notice")
    new_expire = int(notices(recorder, "credentials-refreshed")[0].headers["x-credentials-expire"])
    check(new_expire > expire, "the refresh moved the expiry: %d -> %d" % (expire, new_expire))

    # Past the old token's expiry the session and its subscription are still there.
    time.sleep(max(0.0, expire / 1000.0 - time.time()) + 1.0)
    with_receipt(recorder, lambda r: conn.send(destination, "still here", receipt=r))
    recorder.wait_for(lambda: any(m.body == "still here" for m in recorder.messages), "a message after the old expiry")
    check(not recorder.errors, "ERROR frames: %s" % [describe(e) for e in recorder.errors])
    conn.disconnect()


run(main)
