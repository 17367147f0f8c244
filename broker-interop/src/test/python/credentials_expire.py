"""A client whose token expires and who sends no new one hears the warning, then gets ERROR
"credentials expired" and is disconnected.

Arguments: --token SHORT."""
import stomp

from interop import Recorder, check_equal, run

TIMEOUT = 30.0


def main(args):
    conn = stomp.Connection12([(args.host, args.port)], heartbeats=(0, 0))
    recorder = Recorder()
    conn.set_listener("recorder", recorder)
    conn.connect(passcode=args.token[0], wait=True)
    recorder.wait_for(lambda: recorder.connected is not None, "CONNECTED")
    conn.subscribe("/stompede/session", "notices")

    recorder.wait_for(lambda: any(m.headers.get("x-notice") == "credentials-expiring" for m in recorder.messages),
                      "the expiry warning", TIMEOUT)
    recorder.wait_for(lambda: recorder.errors, "the ERROR at expiry", TIMEOUT)
    check_equal(recorder.errors[0].headers.get("message"), "credentials expired", "the ERROR's message")
    recorder.wait_for(lambda: recorder.disconnected, "the broker's close", TIMEOUT)


run(main)
