// `npx tsx bench/load/ua-profile.ts [peer=sipforge] [n=3000] [--cpu-prof]`: registers n UAs of one library
// in a bundled child against a fresh Kamailio (as the many-UAs benchmark does) and prints the rate, the
// child's CPU per registration, and Kamailio's CPU (all its processes) over the same time: who of the two
// bounds the rate on this machine. With --cpu-prof the child runs under `node --cpu-prof` and the self
// time of the whole run (connects and registrations; idle left out) is printed by category and function.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKamailio } from '../../test/support/kamailio.js';
import { bundleChild } from './bundle.js';
import { forkChild } from './child.js';
import { inclusiveTimes, summarizeProfile } from './cpu-profile.js';
import { processCpuSeconds } from './proc-cpu.js';
import type { WorkerRegistered } from './ua-worker.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const profile = process.argv.includes('--cpu-prof');
const [peer = 'sipforge', count = '3000'] = args;
const n = Number(count);

/** CPU seconds of `root` and every process below it (Kamailio forks its workers). */
function treeCpuSeconds(root: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]));
    } catch {
      // The process ended meanwhile.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parents.get(p)) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const pid of parents.keys()) if (inTree(pid)) total += processCpuSeconds(pid) ?? 0;
  return total;
}

const dir = mkdtempSync(join(tmpdir(), 'sipforge-ua-profile-'));
const kamailio = await startKamailio({ defines: ['LOAD_TEST'], sharedMemoryMb: 1024 });
const kamailioBefore = treeCpuSeconds(kamailio.pid);
const worker = forkChild(await bundleChild(join(HERE, 'ua-worker.ts')), [peer, kamailio.wsUrl, '0', count, '100'], profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);
try {
  const reg = await worker.next<WorkerRegistered>((m) => m.kind === 'registered', 60_000 + n * 20);
  const kamailioMs = (treeCpuSeconds(kamailio.pid) - kamailioBefore) * 1000;
  console.log(
    `${peer}: ${reg.registered} registered (${reg.failed} failed) in ${(reg.ms / 1000).toFixed(2)} s: ${((reg.registered / reg.ms) * 1000).toFixed(0)}/s; ` +
      `child CPU ${(reg.cpuMs / reg.registered).toFixed(2)} ms per registration (${((reg.cpuMs / reg.ms) * 100).toFixed(0)} % of a core); ` +
      `Kamailio CPU ${(kamailioMs / reg.registered).toFixed(2)} ms per registration (${((kamailioMs / reg.ms) * 100).toFixed(0)} % of a core)`,
  );
  if (profile) {
    worker.process.send('exit');
    await new Promise<void>((resolve) => worker.process.once('exit', () => resolve()));
    const summary = summarizeProfile(dir, 30);
    console.log(`busy ${summary.busyMs.toFixed(0)} ms (${(summary.busyMs / reg.registered).toFixed(2)} ms per registration)`);
    for (const c of summary.categories) console.log(`${((c.ms / summary.busyMs) * 100).toFixed(1).padStart(6)} %  ${c.name}`);
    console.log('');
    for (const f of summary.functions) console.log(`${((f.ms / summary.busyMs) * 100).toFixed(1).padStart(6)} %  ${f.name}`);
    console.log('\ninclusive (a sample counts once for every function on its stack):');
    for (const f of inclusiveTimes(dir, 400)) console.log(`${((f.ms / summary.busyMs) * 100).toFixed(1).padStart(6)} %  ${f.name}`);
  }
} finally {
  await worker.kill();
  await kamailio.stop();
  rmSync(dir, { recursive: true, force: true });
}
