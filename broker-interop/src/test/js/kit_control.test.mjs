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

test('a connection cut after N frames, and an ERROR for a SEND, reach stompjs', async () => {
  await control('POST', '/reset');
  await control('POST', '/faults/drop-connection-after?frames=2');
  const cut = new Recorder();
  const { client: doomed } = await connect(url, {}, cut);
  doomed.subscribe('/topic/kit.cut', cut.listener(), { id: 'cut' });
  doomed.publish({ destination: '/topic/kit.cut', body: 'the third frame' });
  await cut.until(r => r.closes >= 1, 'the cut connection');
  await doomed.deactivate();
  await control('DELETE', '/faults');

  await control('POST', '/faults/error-for?command=SEND&message=no%20sends%20today');
  const refused = new Recorder();
  const { client } = await connect(url, {}, refused);
  client.publish({ destination: '/queue/kit.refused', body: 'x' });
  await refused.until(r => r.errors.length >= 1, 'the ERROR for the SEND');
  assert.equal(refused.errors[0].headers.message, 'no sends today');
  await client.deactivate();
  await control('DELETE', '/faults');
});

test('a late delivery comes after frames sent later', async () => {
  await control('POST', '/reset');
  const destination = unique('/topic/kit.late');
  const recorder = new Recorder();
  const { client } = await connect(url, {}, recorder);
  client.subscribe(destination, recorder.listener(), { id: 'late', receipt: 'sub' });
  await recorder.until(r => r.receipts.includes('sub'), 'the SUBSCRIBE receipt');

  await control('POST', '/faults/delay-deliveries?millis=300');
  client.publish({ destination, body: 'late' });
  client.publish({ destination: '/topic/kit.other', headers: { receipt: 'after' } });
  await recorder.until(r => r.receipts.includes('after'), 'the RECEIPT sent after the SEND');
  assert.equal(recorder.messages.length, 0, 'the delayed MESSAGE came before the RECEIPT');
  await recorder.until(r => r.messages.length === 1, 'the delayed MESSAGE');
  await control('DELETE', '/faults');
  await client.deactivate();
});

test('heart-beats sent too late make stompjs close the connection', async () => {
  await control('POST', '/reset');
  await control('POST', '/faults/delay-heartbeats?millis=3000');
  const recorder = new Recorder();
  const { client } = await connect(url, { heartbeatIncoming: 300, heartbeatOutgoing: 0 }, recorder);
  await recorder.until(r => r.closes >= 1, 'stompjs closing for late heart-beats', 10000);
  await client.deactivate();
  await control('DELETE', '/faults');
});

test('a corrupted RECEIPT is not taken for the receipt it was; the kit still records what the broker sent', async () => {
  await control('POST', '/reset');
  const recorder = new Recorder();
  const { client } = await connect(url, {}, recorder);
  await control('POST', '/faults/corrupt-next-frame');
  client.publish({ destination: '/topic/kit.other', headers: { receipt: 'garbled' } });
  client.publish({ destination: '/topic/kit.other', headers: { receipt: 'clean' } });
  // The kit's recording says when the broker has sent both RECEIPTs.
  await until(async () => {
    const sessions = await control('GET', '/sessions');
    return sessions[0].frames.some(f => f.command === 'RECEIPT' && f.headers['receipt-id'] === 'clean');
  }, 'the broker sending the RECEIPT after the corrupted one');

  await control('POST', '/faults/drop?session=0');
  await recorder.until(r => r.closes >= 1, 'the dropped connection');
  assert.ok(!recorder.receipts.includes('garbled'), 'a RECEIPT with no receipt-id header was taken for one');
  // What stompjs 7 does, as seen here: it takes the frame for a RECEIPT without receipt-id, and the
  // frame after it is lost.
  console.log(`stompjs receipts after the corrupted frame: ${JSON.stringify(recorder.receipts)}`);
  await client.deactivate();
});

/** Asks `check` again each time the control API answers, until it holds or 5 s passed. */
async function until(check, what) {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
  }
}
