// STOMP over raw TCP for stompjs, which speaks through a WebSocket: an object with the part of the
// WebSocket interface stompjs uses (readyState, the on* callbacks, send, close), over a net.Socket.
// STOMP frames end with NUL on TCP as they do on WebSocket, and stompjs's parser takes its input in
// chunks of any size, so each chunk TCP delivers is handed on as one message.
import net from 'node:net';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

export class TcpSocket {
  constructor(url) {
    const { hostname, port } = new URL(url);
    this.url = url;
    this.protocol = '';
    this.binaryType = 'arraybuffer';
    this.readyState = CONNECTING;
    this.onopen = () => {};
    this.onmessage = () => {};
    this.onclose = () => {};
    this.onerror = () => {};
    this.socket = net.connect({ host: hostname, port: Number(port) });
    this.socket.on('connect', () => {
      this.readyState = OPEN;
      this.onopen({});
    });
    this.socket.on('data', chunk => {
      // A copy: the Buffer may be a view into a pool that Node reuses.
      const bytes = new Uint8Array(chunk.byteLength);
      bytes.set(chunk);
      this.onmessage({ data: bytes.buffer });
    });
    this.socket.on('error', error => this.onerror({ error }));
    this.socket.on('close', hadError => {
      this.readyState = CLOSED;
      this.onclose({ code: hadError ? 1006 : 1000, reason: '', wasClean: !hadError });
    });
  }

  send(data) {
    this.socket.write(typeof data === 'string' ? data : Buffer.from(data));
  }

  close() {
    if (this.readyState === CONNECTING || this.readyState === OPEN) {
      this.readyState = CLOSING;
      this.socket.destroy();
    }
  }
}
