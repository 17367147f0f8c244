// ACK and NACK on a queue with client-individual acks: a NACKed message comes back marked
// redelivered, an ACKed one never does; ack mode 'client' settles cumulatively.
import { check, checkEqual, close, connect, run, unique, withReceipt } from './harness.mjs';

async function remaining(url, queue, count) {
  const { client, recorder } = await connect(url);
  client.subscribe(queue, recorder.listener());
  client.publish({ destination: queue, body: 'marker' });
  const messages = await recorder.messagesCount(count + 1);
  await close(client, recorder);
  checkEqual(messages[count].body, 'marker', 'the marker comes after what the queue still held');
  return messages.slice(0, count).map(m => m.body);
}

run(async url => {
  const queue = unique('/queue/interop.js.nack');
  const { client, recorder } = await connect(url);
  await withReceipt(recorder, receipt => client.subscribe(queue, recorder.listener(), { ack: 'client-individual', receipt }));
  client.publish({ destination: queue, body: 'try again' });
  const [first] = await recorder.messagesCount(1);
  check(first.headers.redelivered !== 'true', `first delivery marked redelivered: ${JSON.stringify(first.headers)}`);
  first.nack();
  const second = (await recorder.messagesCount(2))[1];
  checkEqual(second.body, 'try again', 'redelivered body');
  checkEqual(second.headers.redelivered, 'true', 'redelivered header');
  await withReceipt(recorder, receipt => second.ack({ receipt }));
  await close(client, recorder);
  checkEqual(await remaining(url, queue, 0), [], 'left in the queue after ACK');

  // 'client': acking the second of three settles the first two.
  const cumulative = unique('/queue/interop.js.client');
  const consumer = await connect(url);
  await withReceipt(consumer.recorder, receipt =>
    consumer.client.subscribe(cumulative, consumer.recorder.listener(), { ack: 'client', receipt }));
  for (const body of ['m1', 'm2', 'm3']) consumer.client.publish({ destination: cumulative, body });
  const received = await consumer.recorder.messagesCount(3);
  await withReceipt(consumer.recorder, receipt => received[1].ack({ receipt }));
  await close(consumer.client, consumer.recorder);
  checkEqual(await remaining(url, cumulative, 1), ['m3'], 'left after a cumulative ACK of m2');
});
