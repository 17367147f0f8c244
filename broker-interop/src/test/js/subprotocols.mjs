// Connects with each STOMP version alone on offer: the WebSocket handshake settles on its
// subprotocol (v10.stomp, v11.stomp, v12.stomp), CONNECTED names the version, and a message goes
// round trip.
import { VERSIONS, check, checkEqual, close, connect, run, unique } from './harness.mjs';

run(async url => {
  for (const [version, versions] of Object.entries(VERSIONS)) {
    const { client, recorder } = await connect(url, { stompVersions: versions });
    checkEqual(client.webSocket.protocol, `v${version.replace('.', '')}.stomp`, `subprotocol for ${version}`);
    checkEqual(client.connectedVersion, version, `version stompjs settled on for ${version}`);
    const headers = recorder.connects[0].headers;
    // A 1.0 broker need not name the version; a 1.1+ one must.
    checkEqual(headers.version ?? '1.0', version, `CONNECTED version for ${version}`);
    check(headers.server?.startsWith('Stompede/'), `server header: ${JSON.stringify(headers)}`);

    const destination = unique('/topic/interop.js.subprotocol');
    client.subscribe(destination, recorder.listener());
    client.publish({ destination, body: `hello over ${version}` });
    const [message] = await recorder.messagesCount(1);
    checkEqual(message.body, `hello over ${version}`, `body over ${version}`);
    await close(client, recorder);
  }
});
