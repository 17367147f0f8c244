// Heart-beats of 1 s both ways held for several seconds: the broker's beats reach stompjs (which
// would close after 2 s of silence) and stompjs's beats keep the broker from closing it.
import { check, checkEqual, close, connect, run, unique } from './harness.mjs';

run(async url => {
  const { client, recorder } = await connect(url, { heartbeatIncoming: 1000, heartbeatOutgoing: 1000 });
  const [send, receive] = recorder.connects[0].headers['heart-beat'].split(',').map(Number);
  check(send > 0 && send <= 1000 && receive > 0 && receive <= 1000,
    `CONNECTED heart-beat ${recorder.connects[0].headers['heart-beat']} does not agree to 1 s both ways`);

  // Four beats from the broker take about 4 s, twice stompjs's patience and well past the
  // broker's grace for a silent client.
  await recorder.until(r => r.pongs >= 4, '4 heart-beats from the broker', 7000);
  check(recorder.pings >= 3, `stompjs sent only ${recorder.pings} heart-beats`);
  checkEqual(recorder.closes, 0, 'WebSocket closes while beating');
  check(client.connected, 'not connected after heart-beating');

  const destination = unique('/topic/interop.js.heartbeats');
  client.subscribe(destination, recorder.listener());
  client.publish({ destination, body: 'still here' });
  checkEqual((await recorder.messagesCount(1))[0].body, 'still here', 'body after heart-beating');
  await close(client, recorder);
});
