"""A binary body with NUL bytes (and every other byte value) arrives intact: stomp.py sends it with
content-length, and the broker must forward that length with the MESSAGE."""
from interop import check, check_equal, open_connection, run, unique


def main(args):
    body = bytes(range(256)) * 16 + b"\x00\x00trailing NULs\x00"
    conn, recorder = open_connection(args, "1.2", auto_decode=False)
    destination = unique("/topic/interop.py.binary")
    conn.subscribe(destination, "s1")
    conn.send(destination, body, content_type="application/octet-stream")
    conn.send(destination, b"after")
    binary, after = recorder.wait_messages(2)
    check_equal(binary.headers.get("content-length"), str(len(body)), "content-length")
    check_equal(binary.headers.get("content-type"), "application/octet-stream", "content-type")
    check(binary.body == body, "binary body differs: %d bytes received, %d sent" % (len(binary.body), len(body)))
    check_equal(after.body, b"after", "the frame after the binary one")
    conn.disconnect()
    check(not recorder.errors, "ERROR frames: %s" % recorder.errors)


run(main)
