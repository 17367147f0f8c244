#!/usr/bin/env python3
"""Fills queues that nobody consumes, as fast as the broker reads, for a fair-back-pressure run.

    bench/fill-queues.py [--port 61613] [--connections 4] [--seconds 60] [--size 1024]

Each connection SENDs SIZE-byte messages to /queue/abandoned-N until SECONDS have passed or the
broker closes it (an ERROR such as "queue over its memory share"). Run it beside the load tool's
queue scenario, which uses a queue of its own, to see whether the other producers keep their
rate: `java -cp broker-bench/target/benchmarks.jar io.stompede.bench.load.LoadTool queue`.
Prints, per connection, how many SENDs were written and how the connection ended. Loopback only.
"""
import argparse
import socket
import threading
import time


def fill(port, index, seconds, size, results):
    frame = ("SEND\ndestination:/queue/abandoned-%d\ncontent-length:%d\n\n" % (index, size)).encode() \
        + b"x" * size + b"\0"
    batch = frame * 64
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"CONNECT\naccept-version:1.2\nhost:localhost\n\n\0")
    sock.recv(4096)
    stopped = threading.Event()

    def stop():
        # Reset rather than FIN: a FIN would wait behind the bytes the broker does not read.
        stopped.set()
        # shutdown() wakes the thread blocked in sendall(), which close() alone does not.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
        sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    timer = threading.Timer(seconds, stop)
    timer.start()
    sent, ending = 0, "time up while sending"
    try:
        while True:
            # Blocks while the broker does not read from this connection (paused).
            sock.sendall(batch)
            sent += 64
    except OSError as e:
        if not stopped.is_set():
            ending = "closed by the broker (%s)" % e.__class__.__name__
            timer.cancel()
            sock.close()
    results[index] = (sent, ending)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=61613)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--size", type=int, default=1024)
    args = parser.parse_args()
    results = {}
    threads = [threading.Thread(target=fill, args=(args.port, i, args.seconds, args.size, results))
               for i in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in sorted(results):
        print("filler %d: %d SENDs written, %s" % (i, results[i][0], results[i][1]))


if __name__ == "__main__":
    main()
