// The sipforge side of the media benchmark (bench/load/media.ts): `calls` Node RTP media handlers
// (PCMU, 20 ms), each negotiated with one far end of bench/load/media-far-end.ts and sending a
// tone. IPC: `peers` (the far ends' ports) in; `ready` (our RTP ports) out; on `measure`, CPU and
// handler statistics over the next `seconds`.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RtpSessionDescriptionHandler } from '../../src/session/media/rtp/index.js';

export interface MediaReady {
  kind: 'ready';
  ports: number[];
}
export interface MediaMeasured {
  kind: 'measured';
  seconds: number;
  cpuMs: number;
  sent: number;
  received: number;
  lost: number;
  late: number;
  loopDelayP99Ms: number;
  rss: number;
}

const answer = (port: number): string =>
  `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n`;

function tone(ms: number): Buffer {
  const pcm = Buffer.alloc(ms * 16);
  for (let i = 0; i < ms * 8; i++) pcm.writeInt16LE(Math.round(16000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)), i * 2);
  return pcm;
}

const handlers: RtpSessionDescriptionHandler[] = [];
process.on('message', async (message: { kind: string; ports?: number[]; seconds?: number }) => {
  if (message.kind === 'peers') {
    const ports: number[] = [];
    const audio = tone(120_000);
    for (const far of message.ports ?? []) {
      const h = new RtpSessionDescriptionHandler({ address: '127.0.0.1', portRange: { min: 20000, max: 45000 }, codecs: ['PCMU'], telephoneEventPayloadType: false });
      const offer = await h.getDescription();
      ports.push(Number(/m=audio (\d+)/.exec(offer.body)?.[1]));
      await h.setDescription({ body: answer(far), contentType: 'application/sdp' });
      h.audioOutput.resume();
      h.audioInput.write(audio);
      handlers.push(h);
    }
    process.send?.({ kind: 'ready', ports } satisfies MediaReady);
  } else if (message.kind === 'measure') {
    const seconds = message.seconds ?? 10;
    const before = handlers.map((h) => h.statistics);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const used = process.cpuUsage(cpu);
    const elapsed = (performance.now() - started) / 1000;
    loop.disable();
    const sum = (key: 'packetsSent' | 'packetsReceived' | 'packetsLost' | 'packetsLate'): number =>
      handlers.reduce((total, h, i) => total + h.statistics[key] - before[i]![key], 0);
    process.send?.({
      kind: 'measured',
      seconds: elapsed,
      cpuMs: (used.user + used.system) / 1000,
      sent: sum('packetsSent'),
      received: sum('packetsReceived'),
      lost: sum('packetsLost'),
      late: sum('packetsLate'),
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      rss: process.memoryUsage().rss,
    } satisfies MediaMeasured);
  }
});
