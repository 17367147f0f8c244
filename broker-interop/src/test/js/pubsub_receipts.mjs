// Publish/subscribe with custom headers (values with ':' and newlines too), every subscriber of a
// topic getting its copy, and receipts for SUBSCRIBE, SEND and UNSUBSCRIBE.
import { check, checkEqual, close, connect, run, unique, withReceipt } from './harness.mjs';

const CUSTOM = { 'x-plain': 'value', 'x-colons': 'a:b::c', 'x-newline': 'one\ntwo', 'x-utf8': 'héllo 世界' };

run(async url => {
  const first = await connect(url);
  const second = await connect(url);
  const destination = unique('/topic/interop.js.pubsub');
  const subscriptions = [];
  for (const { client, recorder } of [first, second]) {
    await withReceipt(recorder, receipt => {
      subscriptions.push(client.subscribe(destination, recorder.listener(), { receipt }));
    });
  }

  await withReceipt(first.recorder, receipt => first.client.publish({
    destination, body: 'to everyone', headers: { ...CUSTOM, 'content-type': 'text/plain', receipt },
  }));
  for (const { recorder } of [first, second]) {
    const [message] = await recorder.messagesCount(1);
    checkEqual(message.body, 'to everyone', 'body');
    checkEqual(message.headers.destination, destination, 'destination');
    checkEqual(message.headers['content-type'], 'text/plain', 'content-type');
    check(message.headers['message-id'], `message-id: ${JSON.stringify(message.headers)}`);
    for (const [name, value] of Object.entries(CUSTOM)) {
      checkEqual(message.headers[name], value, `header ${name}`);
    }
  }

  // After a confirmed UNSUBSCRIBE the first client gets nothing more; the second still does.
  await withReceipt(first.recorder, receipt => subscriptions[0].unsubscribe({ receipt }));
  await withReceipt(first.recorder, receipt => first.client.publish({ destination, body: 'second', headers: { receipt } }));
  checkEqual((await second.recorder.messagesCount(2))[1].body, 'second', 'second message to the subscriber left');
  checkEqual(first.recorder.messages.length, 1, 'messages after UNSUBSCRIBE');

  await close(first.client, first.recorder);
  await close(second.client, second.recorder);
});
