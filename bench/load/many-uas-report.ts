import { kb, ratio } from './results-file.js';
import type { ManyUasResult } from './many-uas.js';
import { PEER_LABELS } from './peers/labels.js';

/** The many-UAs section: one row per library and N, ratios against the peers of the same N. */
export function renderManyUas(results: ManyUasResult[], window: number, messageRate: number): string[] {
  const out = [
    `Each library runs in its own child process (plain Node, \`--expose-gc\`; sipforge bundled by esbuild as \`npm run build\` ships it). N UAs (users u0…u(N−1), password \`secret\`) each open their own WebSocket to a fresh Kamailio (for "sipforge, sharedConnection", the UAs of the process share one: the \`sharedConnection\` option) (LOAD_TEST define, \`-m 1024\`) and REGISTER with digest auth (401 then 200), at most ${window} registrations outstanding at once for every library. Then SIPp (\`bench/load/sipp/message.xml\`, ${messageRate}/s, UDP) sends one MESSAGE to each user through Kamailio. Memory is \`process.memoryUsage()\` after two full GCs, before the first UA and after the last registered, divided by the UAs registered. CPU is the child's user+system time during registration (the machine has 2 cores, shared with Kamailio, so the registration rate is partly Kamailio's).`,
    '',
    '| library | N | registered (failed) | time to all registered | registrations/s | CPU ms per registration | heap per UA | RSS per UA | MESSAGEs sent by SIPp / delivered |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of results) {
    out.push(`| ${PEER_LABELS[r.peer] ?? r.peer} | ${r.n} | ${r.registered} (${r.failed}) | ${(r.registerMs / 1000).toFixed(1)} s | ${r.registrationsPerSecond.toFixed(0)} | ${(r.cpuMs / Math.max(1, r.registered)).toFixed(2)} | ${kb(r.heapPerUa)} | ${kb(r.rssPerUa)} | ${r.messagesSent} / ${r.delivered} |`);
  }
  out.push('', '### sipforge against each peer (same N, same run)', '', '| N | sipforge | vs | registrations/s (target ≥ 3×) | CPU per registration (lower is better) | heap per UA (target ≤ 0.5×) | RSS per UA | nothing lost |', '|--:|---|---|--:|--:|--:|--:|---|');
  const ours = (peer: string): boolean => peer.startsWith('sipforge');
  for (const r of results.filter((x) => ours(x.peer))) {
    for (const p of results.filter((x) => !ours(x.peer) && x.n === r.n)) {
      const lost = r.registered + r.failed < r.n || r.failed > 0 || r.delivered < r.n;
      out.push(`| ${r.n} | ${PEER_LABELS[r.peer]} | ${PEER_LABELS[p.peer]} | ${ratio(r.registrationsPerSecond / p.registrationsPerSecond)} | ${ratio(r.cpuMs / r.registered / (p.cpuMs / p.registered))} | ${ratio(r.heapPerUa / p.heapPerUa)} | ${ratio(r.rssPerUa / p.rssPerUa)} | ${lost ? 'NO' : 'yes'} |`);
    }
  }
  const errors = results.filter((r) => r.firstError !== undefined);
  if (errors.length > 0) out.push('', 'First registration error per run:', ...errors.map((r) => `- ${PEER_LABELS[r.peer]} N=${r.n}: ${r.firstError}`));
  return out;
}
