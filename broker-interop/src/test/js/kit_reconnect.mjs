// Against the test kit: stompjs reconnects by itself after the kit cuts its connection, and its
// onConnect subscribes again. The JUnit side cuts the first connection once it has subscribed,
// then checks in the kit's recording what the client did on the second.
import { Recorder, connect, run } from './harness.mjs';

const RECONNECT_TIMEOUT_MS = 15000;

run(async url => {
  const recorder = new Recorder();
  const { client } = await connect(url, {
    reconnectDelay: 200,
    onConnect: (frame, connected) => connected.subscribe('/queue/kit.jobs', recorder.listener(),
      { id: 'jobs', ack: 'client-individual', receipt: `sub-${recorder.connects.length}` }),
  }, recorder);
  await recorder.until(r => r.connects.length >= 2, 'a reconnect after the cut', RECONNECT_TIMEOUT_MS);
  await recorder.until(r => r.receipts.includes('sub-2'), 'the SUBSCRIBE after the reconnect');
  await client.deactivate();
});
