// Benchmark 3: how many concurrent Node RTP calls (PCMU, 20 ms) one process carries with < 1 % late
// packets, and its CPU per call. Steps the number of calls up until a step fails.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleChild } from './bundle.js';
import { forkChild } from './child.js';
import { LATE_MS, type FarEndPorts, type FarEndReport } from './media-far-end.js';
import type { MediaMeasured, MediaReady } from './media-worker.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const LATE_LIMIT = 0.01;

export interface MediaStep {
  calls: number;
  worker: MediaMeasured;
  far: FarEndReport;
  lateRatio: number;
  lostRatio: number;
  ok: boolean;
}

export async function mediaStep(calls: number, seconds: number): Promise<MediaStep> {
  const far = forkChild(await bundleChild(join(HERE, 'media-far-end.ts')), [String(calls)]);
  const worker = forkChild(await bundleChild(join(HERE, 'media-worker.ts')), []);
  try {
    const farPorts = far.next<FarEndPorts>((m) => m.kind === 'ports', 30_000);
    const { ports } = await farPorts;
    const ready = worker.next<MediaReady>((m) => m.kind === 'ready', 60_000);
    worker.process.send({ kind: 'peers', ports });
    const ours = await ready;
    far.process.send({ kind: 'peers', ports: ours.ports });
    await new Promise((r) => setTimeout(r, 2000));
    far.process.send({ kind: 'reset' });
    const measured = worker.next<MediaMeasured>((m) => m.kind === 'measured', (seconds + 30) * 1000);
    worker.process.send({ kind: 'measure', seconds });
    const w = await measured;
    const report = far.next<FarEndReport>((m) => m.kind === 'report', 10_000);
    far.process.send({ kind: 'stop' });
    const f = await report;
    const lateRatio = f.late / Math.max(1, f.received);
    const lostRatio = f.lost / Math.max(1, f.received + f.lost);
    return { calls, worker: w, far: f, lateRatio, lostRatio, ok: lateRatio < LATE_LIMIT && lostRatio < LATE_LIMIT && f.received > 0 };
  } finally {
    await worker.kill();
    await far.kill();
  }
}

/** Double the calls from `first` until a step fails twice in a row (or `max`), then try once halfway between the last good and the first bad. */
export async function mediaSteps(first: number, max: number, seconds: number, log: (step: MediaStep) => void): Promise<MediaStep[]> {
  const steps: MediaStep[] = [];
  let calls = first;
  let good: number | undefined;
  while (calls <= max) {
    let step = await mediaStep(calls, seconds);
    log(step);
    // The machine is shared: a failed step is run once more before it counts (both are reported).
    if (!step.ok) {
      steps.push(step);
      step = await mediaStep(calls, seconds);
      log(step);
    }
    steps.push(step);
    if (!step.ok) break;
    good = calls;
    calls *= 2;
  }
  const bad = steps.filter((s) => !s.ok).at(-1)?.calls;
  if (good !== undefined && bad !== undefined && bad > good && bad - good >= first) {
    const step = await mediaStep(Math.round((good + bad) / 2), seconds);
    log(step);
    steps.push(step);
  }
  return steps.sort((a, b) => a.calls - b.calls);
}

export function renderMedia(steps: MediaStep[], seconds: number): string[] {
  const best = steps.filter((s) => s.ok).at(-1);
  const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
  return [
    `sipforge's Node RTP handler (\`RtpSessionDescriptionHandler\`, PCMU only, 20 ms frames, a 1 kHz tone from memory) runs N calls in one child process; the far end of each call is a UDP socket in another process (bench/load/media-far-end.ts) that sends PCMU every 20 ms to the handler and times every packet the handler sends: late when it arrives more than ${LATE_MS} ms after the instant its RTP timestamp gives (the stream's earliest packet counts as on time). Each step runs 2 s, then measures ${seconds} s. The machine's other core carries the far ends.`,
    '',
    '| calls | sipforge CPU (% of a core) | CPU per call | RSS | packets sent by sipforge | late at the far end | lost | received by sipforge (lost, late in its jitter buffer) | event-loop delay p99 (sipforge / far end) | < 1 % late |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
    ...steps.map((s) => {
      const cpu = (s.worker.cpuMs / 1000 / s.worker.seconds) * 100;
      return `| ${s.calls} | ${cpu.toFixed(1)} % | ${(cpu / s.calls).toFixed(3)} % | ${(s.worker.rss / 2 ** 20).toFixed(0)} MB | ${s.worker.sent.toLocaleString('en')} | ${pct(s.lateRatio)} | ${pct(s.lostRatio)} | ${s.worker.received.toLocaleString('en')} (${s.worker.lost}, ${s.worker.late}) | ${s.worker.loopDelayP99Ms.toFixed(1)} / ${s.far.loopDelayP99Ms.toFixed(1)} ms | ${s.ok ? 'yes' : 'NO'} |`;
    }),
    '',
    best === undefined ? '**No step held under 1 % late packets.**' : `**${best.calls} concurrent calls** held with < 1 % late packets (the largest step that did), at ${((best.worker.cpuMs / 1000 / best.worker.seconds) * 100 / best.calls).toFixed(3)} % of a core per call.`,
  ];
}
