"""Two nodes of one cluster (--port and --other-port) act as one broker for stomp.py: a topic
message sent to one node reaches a subscriber on the other; receipted queue messages sent to one
node are consumed on the other, and those a consumer held unacknowledged when it left are
redelivered, marked 'redelivered', to a consumer back on the first node."""
import argparse
import time

from interop import check, check_equal, open_connection, run, unique, with_receipt

COUNT = 10


def main(args):
    node_a = args
    node_b = argparse.Namespace(host=args.host, port=args.other_port)

    # Topics: the subscriber's node subscribes in Redis asynchronously, and pub/sub is at most
    # once, so the sender repeats until the first copy arrives.
    topic = unique("/topic/interop.py.cluster")
    subscriber, heard = open_connection(node_b)
    with_receipt(heard, lambda r: subscriber.subscribe(topic, "t", receipt=r))
    sender, sent = open_connection(node_a)
    deadline = time.monotonic() + 20
    while heard.message_count() == 0 and time.monotonic() < deadline:
        sender.send(topic, "across")
        time.sleep(0.1)
    check(heard.message_count() > 0, "no topic message crossed from node a to node b")
    check_equal(heard.wait_messages(1)[0].body, "across", "the topic message on node b")
    subscriber.disconnect()

    # Queues: every receipted message sent on node a is held on node b, then redelivered on a.
    queue = unique("/queue/interop.py.cluster")
    holder, held = open_connection(node_b)
    with_receipt(held, lambda r: holder.subscribe(queue, "q", ack="client-individual",
                                                  headers={"prefetch-count": str(COUNT)}, receipt=r))
    bodies = ["job-%d" % i for i in range(COUNT)]
    for body in bodies:
        with_receipt(sent, lambda r, b=body: sender.send(queue, b, headers={"persistent": "true"}, receipt=r))
    check_equal(sorted(m.body for m in held.wait_messages(COUNT)), sorted(bodies), "the queue messages on node b")
    holder.disconnect()

    rescuer, rescued = open_connection(node_a)
    rescuer.subscribe(queue, "r")
    again = rescued.wait_messages(COUNT)
    check_equal(sorted(m.body for m in again), sorted(bodies), "the redelivered messages on node a")
    check(all(m.headers.get("redelivered") == "true" for m in again),
          "redeliveries not marked: %s" % [m.headers for m in again])
    check(not sent.errors and not rescued.errors, "ERROR frames: %s" % (sent.errors + rescued.errors))
    rescuer.disconnect()
    sender.disconnect()


if __name__ == "__main__":
    run(main)
