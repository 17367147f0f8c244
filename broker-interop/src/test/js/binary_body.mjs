// binaryBody: a body with NUL bytes (and every other byte value) arrives byte for byte, and a text
// frame after it is still parsed right.
import { check, checkEqual, close, connect, run, unique } from './harness.mjs';

run(async url => {
  const { client, recorder } = await connect(url);
  const destination = unique('/topic/interop.js.binary');
  client.subscribe(destination, recorder.listener());
  const body = new Uint8Array(4096 + 3);
  body.forEach((_, i) => { body[i] = i % 256; });
  client.publish({ destination, binaryBody: body, headers: { 'content-type': 'application/octet-stream' } });
  client.publish({ destination, body: 'after' });

  const [binary, after] = await recorder.messagesCount(2);
  checkEqual(binary.headers['content-length'], String(body.length), 'content-length');
  checkEqual(binary.headers['content-type'], 'application/octet-stream', 'content-type');
  const received = binary.binaryBody;
  check(received.length === body.length && received.every((b, i) => b === body[i]),
    `binary body differs: ${received.length} bytes received, ${body.length} sent`);
  checkEqual(after.body, 'after', 'the frame after the binary one');
  await close(client, recorder);
});
