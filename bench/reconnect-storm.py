#!/usr/bin/env python3
"""Reconnect storm against a Stompede broker: N clients connect (each its own login) and subscribe
to one topic, every socket is dropped at once (no DISCONNECT), M messages are published while they
are away, and all of them reconnect at once with the x-resume-token of their CONNECTED. Measures
the time until every client is CONNECTED again with x-resumed:true and has all M messages, and
(with --broker-pid) the broker's CPU time and heap meanwhile. Plain STOMP 1.2 over TCP on
127.0.0.1, Python's asyncio, no library; bounded in count and time.

  bench/reconnect-storm.py --port 61613 --clients 5000 --messages 20 --broker-pid PID
"""
import argparse
import asyncio
import os
import re
import subprocess
import sys
import time

TOPIC = "/topic/storm"


def frame(command, headers, body=""):
    lines = [command] + ["%s:%s" % kv for kv in headers.items()]
    return ("\n".join(lines) + "\n\n" + body + "\0").encode()


async def read_frame(reader):
    raw = await reader.readuntil(b"\0")
    text = raw[:-1].decode().lstrip("\r\n")
    head, _, body = text.partition("\n\n")
    lines = head.split("\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name, value)
    return lines[0], headers, body


class Client:
    def __init__(self, index):
        self.login = "storm-%d" % index
        self.token = None
        self.writer = None
        self.reader = None

    async def connect(self, host, port, token=None):
        self.reader, self.writer = await asyncio.open_connection(host, port)
        headers = {"accept-version": "1.2", "host": "localhost", "login": self.login, "heart-beat": "0,0"}
        if token:
            headers["x-resume-token"] = token
        self.writer.write(frame("CONNECT", headers))
        command, headers, _ = await read_frame(self.reader)
        if command != "CONNECTED":
            raise RuntimeError("%s: %s %s" % (self.login, command, headers))
        self.token = headers.get("x-resume-token")
        return headers

    async def subscribe(self):
        self.writer.write(frame("SUBSCRIBE", {"id": "room", "destination": TOPIC, "receipt": "s"}))
        command, headers, _ = await read_frame(self.reader)
        if command != "RECEIPT":
            raise RuntimeError("%s: %s %s" % (self.login, command, headers))

    def drop(self):
        self.writer.transport.abort()

    async def resume(self, host, port, expected):
        headers = await self.connect(host, port, self.token)
        if headers.get("x-resumed") != "true":
            raise RuntimeError("%s not resumed: %s" % (self.login, headers))
        bodies = []
        while len(bodies) < expected:
            command, headers, body = await read_frame(self.reader)
            if command != "MESSAGE" or headers.get("subscription") != "room":
                raise RuntimeError("%s: %s %s" % (self.login, command, headers))
            bodies.append(body)
        if bodies != ["m%d" % i for i in range(expected)]:
            raise RuntimeError("%s: out of order or missing: %s" % (self.login, bodies[:5]))
        return time.monotonic()


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def heap_used_kb(pid, live=False):
    """The heap in use as jcmd GC.heap_info reports it; with `live`, after a full GC (GC.run), which
    is what the broker holds rather than what it has not collected yet."""
    if live:
        subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=30).stdout
    match = re.search(r"total (\d+)K, used (\d+)K", out)
    return int(match.group(2)) if match else -1


async def bounded(coroutines, limit):
    gate = asyncio.Semaphore(limit)

    async def one(coroutine):
        async with gate:
            return await coroutine
    return await asyncio.gather(*(one(c) for c in coroutines))


async def main(args):
    clients = [Client(i) for i in range(args.clients)]
    pid = args.broker_pid
    heap_before = heap_used_kb(pid, live=True) if pid else -1
    await bounded([c.connect(args.host, args.port) for c in clients], args.parallel)
    await bounded([c.subscribe() for c in clients], args.parallel)
    heap_connected = heap_used_kb(pid, live=True) if pid else -1
    print("connected and subscribed: %d clients, broker heap used %d KB" % (len(clients), heap_connected))

    for client in clients:
        client.drop()
    publisher = Client(-1)
    await publisher.connect(args.host, args.port)
    for i in range(args.messages):
        receipt = {"receipt": "p"} if i == args.messages - 1 else {}
        publisher.writer.write(frame("SEND", {"destination": TOPIC, **receipt}, "m%d" % i))
    command, _, _ = await read_frame(publisher.reader)
    assert command == "RECEIPT", command
    await asyncio.sleep(1.0)     # let the broker notice every drop before the storm (not a synchronisation)
    heap_detached = heap_used_kb(pid, live=True) if pid else -1
    print("all dropped, %d messages published; broker heap used %d KB" % (args.messages, heap_detached))

    cpu_before = cpu_seconds(pid) if pid else 0.0
    start = time.monotonic()
    done = await asyncio.wait_for(bounded([c.resume(args.host, args.port, args.messages) for c in clients],
                                          args.parallel), args.timeout)
    elapsed = max(done) - start
    cpu = (cpu_seconds(pid) - cpu_before) if pid else 0.0
    heap_resumed = heap_used_kb(pid) if pid else -1
    done.sort()
    p50 = done[len(done) // 2] - start
    print("RESULT scenario=reconnect-storm clients=%d messages=%d caught_up_s=%.2f median_caught_up_s=%.2f "
          "broker_cpu_s=%.2f broker_cpu_cores=%.2f live_heap_before_kb=%d live_heap_connected_kb=%d "
          "live_heap_detached_kb=%d heap_after_storm_kb=%d"
          % (len(clients), args.messages, elapsed, p50, cpu, cpu / elapsed if elapsed else 0, heap_before,
             heap_connected, heap_detached, heap_resumed))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=61613)
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--parallel", type=int, default=500, help="connects in flight at once")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--broker-pid", type=int)
    args = parser.parse_args()
    if args.clients > 10000 or args.messages > 1000:
        sys.exit("bounded: at most 10,000 clients and 1,000 messages")
    asyncio.run(main(args))
