// A stompjs test, under Node's test runner, of a client against the test server
// (./stompede test-server): it sets faults through the HTTP control API and reads the recording.
// Run as: node kit_control.test.mjs ws://127.0.0.1:PORT/stomp http://127.0.0.1:CONTROL
import test from 'node:test';
import assert from 'node:assert/strict';
import { Recorder, connect, unique } from './harness.mjs';

const [url, controlUrl] = process.argv.slice(2);

async function control(method, path, body) {
  const response = await fetch(controlUrl + path, { method, body });
  assert.equal(response.status, 200, `${method} ${path}: ${await response.clone().text()}`);
  return response.json();
}

/** The index of the session stompjs opened last, as the recording numbers them. */
async function lastSession() {
  const sessions = await control('GET', '/sessions');
  return sessions.length - 1;
}

test('a refused CONNECT reaches stompjs as an ERROR with the message the test chose', async () => {
  await control('POST', '/reset');
  await control('POST', '/faults/refuse-connect?message=maintenance');
  const recorder = new Recorder();
  await assert.rejects(connect(url, {}, recorder));
  assert.equal(recorder.errors[0].headers.message, 'maintenance');
  await control('DELETE', '/faults');
});

test('stalled deliveries arrive once resumed, and split frames arrive whole', async () => {
  await control('POST', '/reset');
  const destination = unique('/topic/kit.control');
  const recorder = new Recorder();
  const { client } = await connect(url, {}, recorder);
  client.subscribe(destination, recorder.listener(), { id: 'news', receipt: 'sub' });
  await recorder.until(r => r.receipts.includes('sub'), 'the SUBSCRIBE receipt');

  await control('POST', '/faults/stall-deliveries');
  client.publish({ destination, body: 'held', headers: { receipt: 'sent' } });
  await recorder.until(r => r.receipts.includes('sent'), 'the SEND receipt');
  assert.equal(recorder.messages.length, 0, 'a stalled MESSAGE arrived');
  await control('POST', '/faults/resume-deliveries');
  await recorder.until(r => r.messages.length === 1, 'the MESSAGE after resuming');

  await control('POST', '/faults/split-frames');
  client.publish({ destination, body: 'in two pieces' });
  await recorder.until(r => r.messages.some(m => m.body === 'in two pieces'), 'a split MESSAGE');
  await control('DELETE', '/faults');

  const sessions = await control('GET', '/sessions');
  const subscribe = sessions[0].frames.find(f => f.command === 'SUBSCRIBE');
  assert.equal(subscribe.headers.id, 'news');
  assert.deepEqual(sessions[0].violations, []);
  await client.deactivate();
});

test('a MESSAGE no broker would send reaches stompjs with its escapes decoded', async () => {
  await control('POST', '/reset');
  const recorder = new Recorder();
  const { client } = await connect(url, {}, recorder);
  client.subscribe('/topic/kit.odd', recorder.listener(), { id: 'odd', receipt: 'sub' });
  await recorder.until(r => r.receipts.includes('sub'), 'the SUBSCRIBE receipt');

  const wire = 'MESSAGE\nsubscription:odd\nmessage-id:m-1\ndestination:/topic/kit.odd\nx-odd:a\\cb\\nc\n\nodd\0';
  await control('POST', `/faults/send?session=${await lastSession()}`, wire);

  await recorder.until(r => r.messages.length === 1, 'the hand-made MESSAGE');
  assert.equal(recorder.messages[0].headers['x-odd'], 'a:b\nc');
  assert.equal(recorder.messages[0].body, 'odd');
  await client.deactivate();
});
