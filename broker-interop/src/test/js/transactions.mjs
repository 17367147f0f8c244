// Transactions: SENDs held until COMMIT and then delivered in order, dropped by ABORT; an ACK in a
// transaction settles only on COMMIT.
import { checkEqual, close, connect, run, unique, withReceipt } from './harness.mjs';

run(async url => {
  const { client, recorder } = await connect(url);
  const topic = unique('/topic/interop.js.tx');
  await withReceipt(recorder, receipt => client.subscribe(topic, recorder.listener(), { receipt }));

  const tx = client.begin();
  client.publish({ destination: topic, body: 'tx-1', headers: { transaction: tx.id } });
  client.publish({ destination: topic, body: 'tx-2', headers: { transaction: tx.id } });
  client.publish({ destination: topic, body: 'outside' });
  // Held SENDs would have been routed before this one, so they would arrive first.
  await recorder.until(r => r.messages.some(m => m.body === 'outside'), 'the message sent outside the transaction');
  checkEqual(recorder.messages.map(m => m.body), ['outside'], 'delivered before COMMIT');
  tx.commit();
  checkEqual((await recorder.messagesCount(3)).map(m => m.body), ['outside', 'tx-1', 'tx-2'], 'delivered after COMMIT');

  const aborted = client.begin();
  client.publish({ destination: topic, body: 'aborted', headers: { transaction: aborted.id } });
  aborted.abort();
  client.publish({ destination: topic, body: 'after abort' });
  checkEqual((await recorder.messagesCount(4))[3].body, 'after abort', 'next message after ABORT');

  // ACK inside a transaction: aborted, the message is still unsettled and a NACK returns it;
  // committed, it is settled and the queue is empty.
  const queue = unique('/queue/interop.js.tx');
  const consumer = await connect(url);
  await withReceipt(consumer.recorder, receipt =>
    consumer.client.subscribe(queue, consumer.recorder.listener(), { ack: 'client-individual', receipt }));
  consumer.client.publish({ destination: queue, body: 'job' });
  const [job] = await consumer.recorder.messagesCount(1);
  const ackAborted = consumer.client.begin();
  job.ack({ transaction: ackAborted.id });
  ackAborted.abort();
  job.nack();
  const [, again] = await consumer.recorder.messagesCount(2);
  checkEqual(again.body, 'job', 'redelivered after the aborted ACK and a NACK');
  const ackCommitted = consumer.client.begin();
  again.ack({ transaction: ackCommitted.id });
  ackCommitted.commit();
  await withReceipt(consumer.recorder, receipt => consumer.client.publish({ destination: queue, body: 'marker', headers: { receipt } }));
  checkEqual((await consumer.recorder.messagesCount(3))[2].body, 'marker', 'first message after the committed ACK');
  await close(consumer.client, consumer.recorder);
  await close(client, recorder);
});
