import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** ms of samples, idle excluded. */
  busyMs: number;
  categories: Array<{ name: string; ms: number }>;
  functions: Array<{ name: string; ms: number }>;
}

/** Where a function's self time belongs, by its name and file. */
function category(frame: ProfileNode['callFrame']): string {
  const { functionName: name, url } = frame;
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(program)') return 'V8 outside JavaScript (program)';
  if (/^node:dgram|^doSend$/.test(url) || name === 'doSend') return 'UDP send (dgram, the sendmsg system call)';
  if (name.startsWith('peg$')) return 'SIP parser (generated grammar)';
  if (url.includes('sdp-transform')) return 'SDP (sdp-transform)';
  if (url.includes('/.build/')) return 'sipforge (transport, transaction, core, session, api)';
  if (url.startsWith('node:') || url === '') return 'Node internals (timers, events, buffers, crypto)';
  return 'other packages';
}

/** Self time by category and by function of the one .cpuprofile in `dir` (written by `node --cpu-prof`). */
export function summarizeProfile(dir: string, top = 15): ProfileSummary {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (us === 0 || node.callFrame.functionName === '(idle)') continue;
    busy += us;
    const c = category(node.callFrame);
    categories.set(c, (categories.get(c) ?? 0) + us);
    const f = `${node.callFrame.functionName || '(anonymous)'} (${c.split(' (')[0]})`;
    functions.set(f, (functions.get(f) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>, n: number): Array<{ name: string; ms: number }> =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => ({ name, ms: us / 1000 }));
  return { busyMs: busy / 1000, categories: sorted(categories, 20), functions: sorted(functions, top) };
}
