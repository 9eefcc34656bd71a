import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
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

/** Time with each function (name, file, line) on the stack, idle left out: where the CPU goes by stage. */
export function inclusiveTimes(profileDir: string, top: number): Array<{ name: string; ms: number }> {
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))!;
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode): string => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.includes('/.build/') ? 'bundle' : url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
    return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    if (byId.get(id)?.callFrame.functionName === '(idle)') return;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
  });
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000 }));
}
