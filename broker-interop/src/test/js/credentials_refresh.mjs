// Credentials that expire on a live connection (the x-credentials extension): connect with a
// short-lived token in the passcode, hear the warning on /stompede/session, send a new token
// in-band, and keep the subscription past the old token's expiry.
//
// node credentials_refresh.mjs ws://HOST:PORT/stomp|tcp://HOST:PORT SHORT_TOKEN LONG_TOKEN
import { check, checkEqual, close, connect, run, unique, withReceipt } from './harness.mjs';

const WARNING_TIMEOUT_MS = 20000;
const [, , , shortToken, longToken] = process.argv;

const notices = (recorder, kind) => recorder.messages.filter(m => m.headers['x-notice'] === kind);

run(async url => {
  const { client, recorder } = await connect(url, { connectHeaders: { passcode: shortToken } });
  const expire = Number(recorder.connects[0].headers['x-credentials-expire']);
  check(expire > Date.now(), `x-credentials-expire in the future: ${expire}`);

  client.subscribe('/stompede/session', recorder.listener());
  const destination = unique('/topic/interop.js.credentials');
  await withReceipt(recorder, receipt => client.subscribe(destination, recorder.listener(), { receipt }));

  await recorder.until(r => notices(r, 'credentials-expiring').length > 0, 'the expiry warning', WARNING_TIMEOUT_MS);
  checkEqual(Number(notices(recorder, 'credentials-expiring')[0].headers['x-credentials-expire']), expire,
    "the warning's expiry");

  await withReceipt(recorder, receipt => client.publish({
    destination: '/stompede/session', headers: { 'x-credentials': longToken, receipt },
  }));
  await recorder.until(r => notices(r, 'credentials-refreshed').length > 0, 'the refresh notice');
  const newExpire = Number(notices(recorder, 'credentials-refreshed')[0].headers['x-credentials-expire']);
  check(newExpire > expire, `the refresh moved the expiry: ${expire} -> ${newExpire}`);

  // Past the old token's expiry the session and its subscription are still there.
  await new Promise(resolve => setTimeout(resolve, Math.max(0, expire - Date.now()) + 1000));
  await withReceipt(recorder, receipt => client.publish({ destination, body: 'still here', headers: { receipt } }));
  await recorder.until(r => r.messages.some(m => m.body === 'still here'), 'a message after the old expiry');
  await close(client, recorder);
});
