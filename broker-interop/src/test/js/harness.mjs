// Shared by the stompjs interop scripts: checks that end the script with a clear message and a
// non-zero exit, bounded waits on what the broker sent, and a connect that resolves on CONNECTED.
//
// Run by io.stompede.interop.StompJsTest: node SCRIPT ws://127.0.0.1:PORT/stomp, or with
// tcp://127.0.0.1:PORT for STOMP over raw TCP.
import { Client, Versions } from '@stomp/stompjs';
import WebSocket from 'ws';
import { TcpSocket } from './tcp-socket.mjs';

// stompjs opens its socket with the global WebSocket, which Node 20 lacks: the ws package is the one
// Node users plug in.
Object.assign(globalThis, { WebSocket });

// Every wait is bounded: a broker that never answers fails the script instead of hanging CI.
export const TIMEOUT_MS = 5000;

export const VERSIONS = {
  '1.0': new Versions([Versions.V1_0]),
  '1.1': new Versions([Versions.V1_1]),
  '1.2': new Versions([Versions.V1_2]),
};

export class CheckFailed extends Error {}

export function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

export function checkEqual(actual, expected, what) {
  check(JSON.stringify(actual) === JSON.stringify(expected),
    `${what}: expected ${JSON.stringify(expected)} but was ${JSON.stringify(actual)}`);
}

export function unique(prefix) {
  return `${prefix}.${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Records what one client saw (messages, receipts, ERROR frames, closes, heart-beats) and lets a
 * script wait, with a bound, until a condition over them holds.
 */
export class Recorder {
  constructor() {
    this.messages = [];
    this.receipts = [];
    this.errors = [];
    this.connects = [];
    this.closes = 0;
    this.pings = 0;
    this.pongs = 0;
    this.waiters = new Set();
  }

  record(change) {
    change(this);
    for (const waiter of [...this.waiters]) {
      waiter();
    }
  }

  until(predicate, what, timeoutMs = TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
      const waiter = () => {
        if (predicate(this)) {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new CheckFailed(`timed out after ${timeoutMs} ms waiting for ${what}; got messages `
          + `${JSON.stringify(this.messages.map(describe))}, errors ${JSON.stringify(this.errors.map(describe))}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      waiter();
    });
  }

  async messagesCount(count, timeoutMs = TIMEOUT_MS) {
    await this.until(r => r.messages.length >= count, `${count} message(s)`, timeoutMs);
    return this.messages.slice(0, count);
  }

  listener() {
    return message => this.record(r => r.messages.push(message));
  }
}

export function describe(frame) {
  return { command: frame.command, headers: frame.headers, body: frame.isBinaryBody ? '<binary>' : frame.body };
}

/**
 * Creates and activates a client for `url` with `options` (stompjs Client settings, except that
 * onConnect also gets the client) and resolves once it is CONNECTED; `recorder` sees everything
 * it receives. No automatic reconnect unless the options ask for it.
 */
export async function connect(url, options = {}, recorder = new Recorder()) {
  const transport = url.startsWith('tcp:') ? { webSocketFactory: () => new TcpSocket(url) } : { brokerURL: url };
  const client = new Client({
    ...transport,
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    ...options,
    debug: line => {
      if (line === '<<< PONG') recorder.record(r => { r.pongs += 1; });
      if (line === '>>> PING') recorder.record(r => { r.pings += 1; });
    },
    onConnect: frame => {
      recorder.record(r => r.connects.push(frame));
      options.onConnect?.(frame, client);
    },
    onStompError: frame => recorder.record(r => r.errors.push(frame)),
    onWebSocketClose: () => recorder.record(r => { r.closes += 1; }),
  });
  client.onUnhandledReceipt = frame => recorder.record(r => r.receipts.push(frame.headers['receipt-id']));
  const connectsBefore = recorder.connects.length;
  client.activate();
  await recorder.until(r => r.connects.length > connectsBefore || r.errors.length > 0, 'CONNECTED');
  checkEqual(recorder.errors.map(describe), [], 'ERROR frames on connect');
  return { client, recorder };
}

/** Calls `send(receiptId)` and waits until the broker has confirmed that frame with a RECEIPT. */
export async function withReceipt(recorder, send) {
  const receiptId = unique('receipt');
  send(receiptId);
  await recorder.until(r => r.receipts.includes(receiptId), `RECEIPT ${receiptId}`);
}

export async function close(client, recorder) {
  await client.deactivate();
  checkEqual(recorder.errors.map(describe), [], 'ERROR frames');
}

/** Runs `main(url)` and exits 0, or prints why it failed and exits non-zero. */
export function run(main) {
  const url = process.argv[2];
  if (!url) {
    console.error('usage: node SCRIPT ws://HOST:PORT/PATH | tcp://HOST:PORT');
    process.exit(2);
  }
  main(url).then(() => {
    console.log('OK');
    process.exit(0);
  }, error => {
    console.error(error instanceof CheckFailed ? `FAILED: ${error.message}` : error.stack);
    process.exit(1);
  });
}
