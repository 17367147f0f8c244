// Stompede session resume with stompjs: onConnect keeps CONNECTED's x-resume-token, beforeConnect
// passes it as a connect header on the next (automatic) reconnect, and onConnect resubscribes with
// the same id, as stompjs applications do. The socket is cut with forceDisconnect (no DISCONNECT);
// while the client is away (its beforeConnect waits) 50 messages are published. On reconnect the
// session is back: x-resumed:true, all 50 once and in order on subscription "room", the
// resubscribe receipted with no second subscription. A thief with the token is refused.
import { Recorder, check, checkEqual, connect, describe, run, unique, withReceipt } from './harness.mjs';

run(async url => {
  const destination = unique('/topic/interop.js.resume');
  const recorder = new Recorder();
  let token;
  let away = Promise.resolve();
  const { client } = await connect(url, {
    connectHeaders: { login: 'alice', passcode: 'secret' },
    reconnectDelay: 100,
    // The resume extension in two callbacks: send the token kept from the last CONNECTED...
    beforeConnect: async c => {
      await away;
      if (token) {
        c.connectHeaders = { ...c.connectHeaders, 'x-resume-token': token };
      }
    },
    // ... keep the new one, and subscribe as always: a resumed subscription is not doubled.
    onConnect: (frame, connected) => {
      token = frame.headers['x-resume-token'];
      connected.subscribe(destination, recorder.listener(),
        { id: 'room', receipt: `sub-${recorder.connects.length}` });
    },
  }, recorder);
  check(token && token.length >= 22, `x-resume-token: ${JSON.stringify(recorder.connects[0].headers)}`);
  await recorder.until(r => r.receipts.includes('sub-1'), 'the first SUBSCRIBE');

  let comeBack;
  away = new Promise(resolve => { comeBack = resolve; });
  client.forceDisconnect();
  await recorder.until(r => r.closes >= 1, 'the socket to close');

  const publisher = await connect(url, { connectHeaders: { login: 'bob', passcode: 'secret' } });
  for (let i = 0; i < 49; i += 1) {
    publisher.client.publish({ destination, body: `m${i}` });
  }
  await withReceipt(publisher.recorder, receipt => publisher.client.publish({
    destination, body: 'm49', headers: { receipt } }));

  const thief = await connect(url, { connectHeaders: { login: 'mallory', passcode: 'x', 'x-resume-token': token } });
  checkEqual(thief.recorder.connects[0].headers['x-resumed'], 'false', 'x-resumed for a stolen token');
  checkEqual(thief.recorder.connects[0].headers['x-resume-refused'], 'principal', 'x-resume-refused');
  await thief.client.deactivate();

  const oldToken = token;
  comeBack();
  await recorder.until(r => r.connects.length >= 2, 'the reconnect', 10000);
  const resumed = recorder.connects[1];
  checkEqual(resumed.headers['x-resumed'], 'true', 'x-resumed');
  check(resumed.headers['x-resume-token'] && resumed.headers['x-resume-token'] !== oldToken, 'a fresh token');
  await recorder.until(r => r.receipts.includes('sub-2'), 'the resubscribe RECEIPT');
  const got = await recorder.messagesCount(50);
  checkEqual(got.map(m => m.body), Array.from({ length: 50 }, (_, i) => `m${i}`), 'messages while away');
  checkEqual([...new Set(got.map(m => m.headers.subscription))], ['room'], 'subscription ids');

  await withReceipt(publisher.recorder, receipt => publisher.client.publish({
    destination, body: 'live', headers: { receipt } }));
  await recorder.until(r => r.messages.some(m => m.body === 'live'), 'the live message');
  checkEqual(recorder.messages.length, 51, 'messages in all, none twice');
  checkEqual(recorder.errors.map(describe), [], 'ERROR frames');
  await publisher.client.deactivate();
  await client.deactivate();
});
