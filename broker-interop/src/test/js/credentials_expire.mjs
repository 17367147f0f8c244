// A client whose token, given in the WebSocket handshake's Authorization header, expires while it
// sends no new one: it hears the warning, then gets ERROR "credentials expired" and the close.
//
// node credentials_expire.mjs ws://HOST:PORT/stomp SHORT_TOKEN
import WebSocket from 'ws';
import { Recorder, checkEqual, connect, run } from './harness.mjs';

const TIMEOUT_MS = 30000;
const [, , , shortToken] = process.argv;

run(async url => {
  const recorder = new Recorder();
  await connect(url, {
    webSocketFactory: () => new WebSocket(url, ['v12.stomp'], { headers: { Authorization: `Bearer ${shortToken}` } }),
    onConnect: (frame, client) => client.subscribe('/stompede/session', recorder.listener()),
  }, recorder);
  await recorder.until(r => r.messages.some(m => m.headers['x-notice'] === 'credentials-expiring'),
    'the expiry warning', TIMEOUT_MS);
  await recorder.until(r => r.errors.length > 0 && r.closes > 0, 'the ERROR and the close', TIMEOUT_MS);
  checkEqual(recorder.errors[0].headers.message, 'credentials expired', "the ERROR's message");
});
