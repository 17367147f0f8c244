"""Custom headers travel from SEND to MESSAGE, including values with ':' and newlines (escaped by
stomp.py on the wire in 1.1 and 1.2, unescaped on the way back) and a UTF-8 value."""
from interop import check, check_equal, open_connection, run, unique

VALUES = {
    "x-plain": "value",
    "x-colons": "a:b::c:",
    "x-newline": "line one\nline two",
    "x-backslash": "C:\\path\\to",
    "x-utf8": "h\u00e9llo \u4e16\u754c",
}


def main(args):
    for version in ("1.1", "1.2"):
        conn, recorder = open_connection(args, version)
        destination = unique("/topic/interop.py.headers")
        conn.subscribe(destination, "s1")
        conn.send(destination, "with headers", content_type="text/plain", headers=dict(VALUES))
        message = recorder.wait_messages(1)[0]
        for name, value in VALUES.items():
            check_equal(message.headers.get(name), value, "header %s over %s" % (name, version))
        check_equal(message.headers.get("content-type"), "text/plain", "content-type over %s" % version)
        check_equal(message.headers.get("subscription"), "s1", "subscription over %s" % version)
        check(message.headers.get("message-id"), "message-id over %s: %s" % (version, message.headers))
        check_equal(message.body, "with headers", "body over %s" % version)
        conn.disconnect()
        check(not recorder.errors, "ERROR frames over %s: %s" % (version, recorder.errors))


run(main)
