// Automatic reconnect: the JUnit side first drops every socket (the broker keeps running), then
// restarts the broker on the same port. stompjs must reconnect each time, and its onConnect
// resubscribes, so a message goes round trip after each. The script prints "connected N" for the
// JUnit side to act on.
import { Recorder, check, connect, run, unique } from './harness.mjs';

const RECONNECT_TIMEOUT_MS = 15000;

run(async url => {
  const destination = unique('/topic/interop.js.reconnect');
  const recorder = new Recorder();
  const { client } = await connect(url, {
    reconnectDelay: 200,
    onConnect: (frame, connected) => connected.subscribe(destination, recorder.listener(),
      { receipt: `sub-${recorder.connects.length}` }),
  }, recorder);

  for (let round = 1; round <= 3; round += 1) {
    if (round > 1) {
      await recorder.until(r => r.connects.length >= round, `reconnect ${round - 1}`, RECONNECT_TIMEOUT_MS);
    }
    // The receipt of this round's SUBSCRIBE says it is in place before we publish to it.
    await recorder.until(r => r.receipts.includes(`sub-${round}`), `SUBSCRIBE after connect ${round}`);
    client.publish({ destination, body: `round ${round}` });
    await recorder.until(r => r.messages.some(m => m.body === `round ${round}`), `message of round ${round}`);
    console.log(`connected ${round}`);
  }
  // Failed attempts while the port is closed count as closes too.
  check(recorder.closes >= 2, `WebSocket closes seen: ${recorder.closes}`);
  await client.deactivate();
});
