// Against the test kit, whose broker sends no heart-beats: stompjs, asking for one every 300 ms,
// must notice the silence and close the connection by itself.
import { Recorder, connect, run } from './harness.mjs';

run(async url => {
  const recorder = new Recorder();
  const { client } = await connect(url, { heartbeatIncoming: 300, heartbeatOutgoing: 0 }, recorder);
  await recorder.until(r => r.closes >= 1, 'stompjs closing a silent connection', 10000);
  await client.deactivate();
});
