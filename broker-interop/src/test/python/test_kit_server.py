"""A stomp.py test under pytest of a client against the test server (./stompede test-server): it
makes the broker refuse CONNECT through the HTTP control API and sees stomp.py fail to connect,
clears the fault, then reads the recording to check what stomp.py really sent."""
import json
import urllib.request

import pytest
import stomp

from interop import open_connection, with_receipt


def control(server, method, path):
    request = urllib.request.Request(server.control + path, method=method, data=b"" if method != "GET" else None)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_a_refused_connect_fails_the_connection(server):
    control(server, "POST", "/reset")
    control(server, "POST", "/faults/refuse-connect?message=maintenance")
    refused = stomp.Connection12([(server.host, server.port)])
    with pytest.raises(stomp.exception.ConnectFailedException):
        refused.connect(wait=True)
    control(server, "DELETE", "/faults")

    sessions = control(server, "GET", "/sessions")
    answer = [f for f in sessions[0]["frames"] if f["direction"] == "broker"][0]
    assert answer["command"] == "ERROR"
    assert answer["headers"]["message"] == "maintenance"


def test_the_recording_shows_what_stomp_py_sent(server):
    control(server, "POST", "/reset")
    conn, recorder = open_connection(server, "1.2")
    with_receipt(recorder, lambda r: conn.subscribe("/topic/kit.pytest", "py", receipt=r))
    conn.disconnect()

    sessions = control(server, "GET", "/sessions")
    subscribe = [f for f in sessions[0]["frames"] if f.get("command") == "SUBSCRIBE"][0]
    assert subscribe["headers"]["id"] == "py"
    assert subscribe["headers"].get("receipt")
    assert sessions[0]["violations"] == []
