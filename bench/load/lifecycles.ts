// Benchmark 2: memory per transaction, dialog and session, and proof that finished ones are released.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleChild } from './bundle.js';
import { forkChild } from './child.js';
import type { LifecycleReport } from './lifecycles-worker.js';
import { kb } from './results-file.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Run the lifecycle child with `count` of each thing; `timerScale` < 1 only for tests of the harness. */
export async function lifecycles(count: number, timerScale = 1): Promise<LifecycleReport> {
  const worker = forkChild(await bundleChild(join(HERE, 'lifecycles-worker.ts')), [String(count), String(timerScale)]);
  try {
    return await worker.next<LifecycleReport>((m) => m.kind === 'report', 600_000);
  } finally {
    await worker.kill();
  }
}

export function renderLifecycles(r: LifecycleReport): string[] {
  const released = r.timersAtEnd === 0 && r.sessionsAtEnd === 0 && r.contextsCollected === r.contextsCreated;
  const endDelta = r.end.heapUsed - r.baseline.heapUsed;
  return [
    `One sipforge \`SIP.UA\` (\`sipforge/node\`, bundled by esbuild) in its own process faces a stateless peer in the same process over a loopback transport that behaves as UDP (unreliable: every RFC 3261 timer runs, unshortened), so that nothing but the UA holds state. The peer answers from each message alone (bench/load/lifecycles/raw-peer.ts); the media handler is a fixed SDP that holds nothing. Each stage starts from an idle UA (everything before ended and its timers run out), makes ${r.count.toLocaleString('en')} of one thing alive at once, samples the heap (after two full GCs, \`--expose-gc\`), then ends them all. Timers are counted by the clock the UA is given (bench/load/lifecycles/counting-clock.ts); contexts (\`ua.message()\`, \`ua.invite()\`, incoming sessions) by a FinalizationRegistry, which also gives the last column: the contexts a stage made that the GC could not collect when it was sampled. The two “call ended” stages sample right after the last BYE was answered (the application has let go of its calls): what one finished call keeps while its INVITE transaction waits in Accepted for Timer L or M (RFC 6026, 32 s on UDP) and its BYE transaction in Completed for Timer J (RFC 3261 §17.2.2, 32 s) or Timer K (§17.1.2.2, T4 = 5 s).`,
    '',
    '| stage | heap per item | RSS per item | live timers with them alive | contexts of the stage still held then |',
    '|---|--:|--:|--:|--:|',
    ...r.stages.map(
      (s) =>
        `| ${s.name} | ${kb((s.alive.heapUsed - s.before.heapUsed) / r.count)} | ${kb((s.alive.rss - s.before.rss) / r.count)} | ${s.timersAlive.toLocaleString('en')} | ${s.contexts === 0 ? '—' : `${s.contextsHeld.toLocaleString('en')} of ${s.contexts.toLocaleString('en')}`} |`,
    ),
    '',
    `Released: after the last stage the UA's timers ran out in ${(r.waitedMs / 1000).toFixed(1)} s of waiting in all (Timer J, K, M, L: 32 s on UDP). Then: live timers **${r.timersAtEnd}**, \`ua.sessions\` **${r.sessionsAtEnd}**, contexts collected **${r.contextsCollected.toLocaleString('en')} of ${r.contextsCreated.toLocaleString('en')}**; heap ${kb(r.end.heapUsed)} against ${kb(r.baseline.heapUsed)} at the baseline (${endDelta >= 0 ? '+' : '−'}${kb(Math.abs(endDelta))} after ${(r.count * r.stages.length).toLocaleString('en')} items made and ended). ${released ? 'Everything finished was released.' : '**Something was not released.**'}`,
    ...(r.failures.length > 0 ? ['', 'Failures:', ...r.failures.map((f) => `- ${f}`)] : []),
  ];
}
