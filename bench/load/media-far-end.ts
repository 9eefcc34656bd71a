// The far ends of the media benchmark (bench/load/media.ts), in a process of their own: one UDP
// socket per call on 127.0.0.1 that sends PCMU (160 bytes, every 20 ms, one timer for all calls)
// to sipforge's handler and times each packet the handler sends. A packet is late when it arrives
// more than `LATE_MS` after its RTP timestamp says it should, taking the stream's earliest packet
// as on time. IPC: `ports` (ours), then `peers` (theirs) from the parent; `report` on `stop`.
import { createSocket, type Socket } from 'node:dgram';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export const LATE_MS = 20;
export interface FarEndPorts {
  kind: 'ports';
  ports: number[];
}
export interface FarEndReport {
  kind: 'report';
  received: number;
  late: number;
  /** Expected from the sequence numbers, minus received. */
  lost: number;
  loopDelayP99Ms: number;
}

interface Stream {
  socket: Socket;
  peer?: number;
  /** Arrival ms minus RTP timestamp ms of the earliest packet, and the late count against it. */
  reference?: number;
  firstSeq?: number;
  lastSeq?: number;
  received: number;
  late: number;
  ownSeq: number;
}

const calls = Number(process.argv[2] ?? 1);
const streams: Stream[] = [];
for (let i = 0; i < calls; i++) {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const stream: Stream = { socket, received: 0, late: 0, ownSeq: 0 };
  socket.on('message', (data) => {
    if (data.length < 12 || (data[1]! & 0x7f) >= 72) return; // RTCP (RFC 5761 §4) is not counted
    const arrived = performance.now();
    const seq = data.readUInt16BE(2);
    const offset = arrived - data.readUInt32BE(4) / 8;
    stream.received += 1;
    stream.firstSeq ??= seq;
    stream.lastSeq = seq;
    // The earliest offset is "on time": a later packet that beats it moves the reference, and the
    // packets already counted against the old one keep their verdict (the first ones rarely matter).
    if (stream.reference === undefined || offset < stream.reference) stream.reference = offset;
    else if (offset - stream.reference > LATE_MS) stream.late += 1;
  });
  streams.push(stream);
}
process.send?.({ kind: 'ports', ports: streams.map((s) => s.socket.address().port) } satisfies FarEndPorts);

const payload = Buffer.alloc(172, 0xff);
payload[0] = 0x80; // RTP version 2
payload[1] = 0; // PT 0, PCMU
let ticks = 0;
let timer: NodeJS.Timeout | undefined;
const started = performance.now();
const loop = monitorEventLoopDelay({ resolution: 10 });
const tick = (): void => {
  ticks += 1;
  for (const s of streams) {
    if (s.peer === undefined) continue;
    payload.writeUInt16BE(s.ownSeq++ & 0xffff, 2);
    payload.writeUInt32BE((ticks * 160) >>> 0, 4);
    s.socket.send(payload, s.peer, '127.0.0.1');
  }
  timer = setTimeout(tick, Math.max(0, started + (ticks + 1) * 20 - performance.now()));
};

process.on('message', (message: { kind: string; ports?: number[] }) => {
  if (message.kind === 'peers') {
    message.ports?.forEach((port, i) => {
      if (streams[i] !== undefined) streams[i].peer = port;
    });
    loop.enable();
    tick();
  } else if (message.kind === 'reset') {
    for (const s of streams) Object.assign(s, { received: 0, late: 0, reference: undefined, firstSeq: undefined, lastSeq: undefined });
    loop.reset();
  } else if (message.kind === 'stop') {
    clearTimeout(timer);
    let received = 0;
    let late = 0;
    let expected = 0;
    for (const s of streams) {
      received += s.received;
      late += s.late;
      if (s.firstSeq !== undefined && s.lastSeq !== undefined) expected += ((s.lastSeq - s.firstSeq) & 0xffff) + 1;
    }
    process.send?.({ kind: 'report', received, late, lost: Math.max(0, expected - received), loopDelayP99Ms: loop.percentile(99) / 1e6 } satisfies FarEndReport);
  }
});
