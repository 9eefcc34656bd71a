// `npx tsx bench/stream-limits.ts`: the costs issue 7 measured on hostile input, for the
// record (not part of `npm run bench`). (1) Reading a header that appears on 50,000 lines;
// (2) a UA core behind a WebSocket transport receiving that message; (3) a 16 MB body framed
// from a TCP stream in 64 KB reads. Limits are raised where they would refuse the input, so
// the algorithms themselves are timed; the last line shows what the default limits do instead.
import { UserAgentCore } from '../src/core/user-agent-core.js';
import { parseMessage, StreamFramer } from '../src/syntax/index.js';
import type { WebSocketLike } from '../src/transport/websocket-like.js';
import { WebSocketTransport } from '../src/transport/websocket-transport.js';

const LINES = 50_000;
const BODY = 16 * 1024 * 1024;
const READ = 64 * 1024;

function hostile(lines: number): string {
  const routes = Array.from({ length: lines }, (_, i) => `Record-Route: <sip:p${i}.example.com;lr>\r\n`).join('');
  return (
    'OPTIONS sip:uas@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/WS client.invalid;branch=z9hG4bKbench\r\nMax-Forwards: 70\r\n' +
    'From: <sip:uac@example.com>;tag=f1\r\nTo: <sip:uas@example.com>\r\nCall-ID: bench\r\nCSeq: 1 OPTIONS\r\n' +
    `${routes}Content-Length: 0\r\n\r\n`
  );
}

function time(label: string, work: () => void): void {
  const start = performance.now();
  work();
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms`);
}

/** A UA core on a WebSocket transport whose socket the bench drives; resolves with the time to the answer. */
async function wsAnswerTime(text: string, limits?: Record<string, number>): Promise<string> {
  const sent: string[] = [];
  const socket: WebSocketLike = {
    protocol: 'sip',
    binaryType: 'blob',
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send: (d) => void sent.push(String(d)),
    close: () => undefined,
  };
  const transport = new WebSocketTransport({ url: 'wss://edge.example.com', webSocketFactory: () => socket, ...(limits ? { limits } : {}) });
  const connecting = transport.connect();
  socket.onopen?.({});
  await connecting;
  const core = new UserAgentCore({ transport });
  core.start();
  const start = performance.now();
  socket.onmessage?.({ data: text });
  const ms = performance.now() - start;
  core.close();
  await transport.close();
  return `${ms.toFixed(0)} ms, answered ${sent.map((s) => s.split('\r\n')[0]).join(', ') || 'nothing'}`;
}

const text = hostile(LINES);
time(`(1) parse + headers('Record-Route') of ${LINES} lines`, () => {
  const routes = parseMessage(text).headers('Record-Route');
  if (routes.length !== LINES) throw new Error('wrong count');
});

const relaxed = { maxHeaderLines: 2 * LINES, maxHeadBytes: 4 * text.length };
console.log(`(2) UA core over WebSocket, limits raised: ${await wsAnswerTime(text, relaxed)}`);

const body = new Uint8Array(BODY).fill(0x61);
const head = new TextEncoder().encode(
  'MESSAGE sip:uas@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/TCP client.example.com;branch=z9hG4bKbig\r\nMax-Forwards: 70\r\n' +
    `From: <sip:uac@example.com>;tag=f1\r\nTo: <sip:uas@example.com>\r\nCall-ID: big\r\nCSeq: 1 MESSAGE\r\nContent-Length: ${BODY}\r\n\r\n`,
);
const stream = new Uint8Array(head.length + BODY);
stream.set(head);
stream.set(body, head.length);
time(`(3) StreamFramer: ${BODY / 1024 / 1024} MB body in ${READ / 1024} KB reads, body limit raised`, () => {
  const framer = new StreamFramer({ maxBodyBytes: BODY });
  let messages = 0;
  for (let i = 0; i < stream.length; i += READ) messages += framer.push(stream.subarray(i, i + READ)).filter((e) => e.type === 'message').length;
  if (messages !== 1) throw new Error('not framed');
});

console.log(`(4) default limits, the ${LINES}-line message over WebSocket (refused unread): ${await wsAnswerTime(text)}`);
console.log(`(5) default limits, a 300-line message over WebSocket: ${await wsAnswerTime(hostile(300))}`);
