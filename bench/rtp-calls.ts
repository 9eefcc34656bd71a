// `npx tsx bench/rtp-calls.ts [pairs=100] [seconds=10]`: many RTP calls in one process (issue 11's
// question, asked early). Each pair is two RTP handlers on 127.0.0.1 wired offer → answer, both
// sending a tone (2 × 50 packets/s) and reading what they receive. Prints the CPU the process used,
// the worst lateness of the event loop, and the packets sent, received and lost.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RtpSessionDescriptionHandler } from '../src/session/media/rtp/index.js';

const pairs = Number(process.argv[2] ?? 100);
const seconds = Number(process.argv[3] ?? 10);

function tone(ms: number): Buffer {
  const pcm = Buffer.alloc(ms * 16);
  for (let i = 0; i < ms * 8; i++) pcm.writeInt16LE(Math.round(16000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)), i * 2);
  return pcm;
}

const handlers: RtpSessionDescriptionHandler[] = [];
for (let i = 0; i < pairs; i++) {
  const a = new RtpSessionDescriptionHandler({ portRange: { min: 20000, max: 40000 } });
  const b = new RtpSessionDescriptionHandler({ portRange: { min: 20000, max: 40000 } });
  await b.setDescription(await a.getDescription());
  await a.setDescription(await b.getDescription());
  handlers.push(a, b);
}
const audio = tone(seconds * 1000);
for (const h of handlers) {
  h.audioOutput.resume();
  h.audioInput.write(audio);
}

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const cpuBefore = process.cpuUsage();
const started = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
loop.disable();

let sent = 0;
let received = 0;
let lost = 0;
for (const h of handlers) {
  const s = h.statistics;
  sent += s.packetsSent;
  received += s.packetsReceived;
  lost += s.packetsLost;
  h.close();
}
const cpuPercent = ((cpu.user + cpu.system) / 1e6 / elapsed) * 100;
console.log(
  `${pairs} calls (${pairs * 2} handlers), ${elapsed.toFixed(1)} s: CPU ${cpuPercent.toFixed(1)} % of one core ` +
    `(${(cpuPercent / pairs).toFixed(2)} % a call); event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms; ` +
    `packets sent ${sent} (${(sent / handlers.length / elapsed).toFixed(1)}/s a handler), received ${received}, lost ${lost}`,
);
