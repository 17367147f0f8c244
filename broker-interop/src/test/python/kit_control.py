"""A client test in Python driving the test server's HTTP control API (./stompede test-server):
it makes the broker refuse CONNECT and sees stomp.py get the ERROR, clears the fault, then reads
the recording to check what stomp.py really sent."""
import json
import urllib.request

import stomp

from interop import check, check_equal, open_connection, run, with_receipt


def control(args, method, path):
    request = urllib.request.Request(args.control + path, method=method, data=b"" if method != "GET" else None)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def main(args):
    control(args, "POST", "/reset")
    control(args, "POST", "/faults/refuse-connect?message=maintenance")
    refused = stomp.Connection12([(args.host, args.port)])
    try:
        refused.connect(wait=True)
        check(False, "stomp.py connected to a broker that refuses CONNECT")
    except stomp.exception.ConnectFailedException:
        pass
    control(args, "DELETE", "/faults")

    conn, recorder = open_connection(args, "1.2")
    with_receipt(recorder, lambda r: conn.subscribe("/topic/kit.control", "c", receipt=r))
    conn.disconnect()

    sessions = control(args, "GET", "/sessions")
    check_equal(len(sessions), 2, "sessions recorded")
    first_answer = [f for f in sessions[0]["frames"] if f["direction"] == "broker"][0]
    check_equal(first_answer["command"], "ERROR", "the answer to the refused CONNECT")
    check_equal(first_answer["headers"]["message"], "maintenance", "the refusal's message")
    subscribe = [f for f in sessions[1]["frames"] if f.get("command") == "SUBSCRIBE"][0]
    check_equal(subscribe["headers"]["id"], "c", "the SUBSCRIBE's id as stomp.py sent it")
    check(subscribe["headers"].get("receipt"), "stomp.py asked for a receipt: %s" % subscribe["headers"])
    check_equal(sessions[1]["violations"], [], "rules stomp.py broke")


if __name__ == "__main__":
    run(main)
