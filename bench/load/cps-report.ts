import type { CpsRun, CpsStep } from './cps.js';
import type { ProfileSummary } from './cpu-profile.js';

const row = (s: CpsStep, what: string): string =>
  `| ${what} | ${s.rate} | ${s.seconds} s | ${s.achievedRate.toFixed(0)} | ${s.successful.toLocaleString('en')} / ${s.created.toLocaleString('en')} | ${s.failed} | ${s.unexpected}${s.unexpected > 0 ? ` (${s.unexpectedBreakdown.join(' / ')})` : ''} | ${s.retransmissions} | ${s.p50Ms} / ${s.p99Ms} ms | ${s.cpuPercent.toFixed(0)} % | ${s.rssMb.toFixed(0)} MB | ${s.loopDelayP99Ms.toFixed(0)} / ${s.loopDelayMaxMs.toFixed(0)} ms | ${s.sippCpuPercent.toFixed(0)} % | ${s.ok ? 'yes' : 'NO'} |`;

export function renderCps(run: CpsRun, target: number, profile: ProfileSummary | undefined, profileRate: number | undefined): string[] {
  const out = [
    `SIPp's built-in \`uac\` scenario (\`sipp -sn uac -d 0\`, UDP, INVITE → 200 → ACK → BYE → 200) calls a sipforge \`SIP.UA\` in its own process that listens on \`udp:127.0.0.1:<port>\` (\`listen\`, \`register: false\`) and accepts every INVITE at once (a media handler with a fixed SDP, no RTP; bench/load/cps-worker.ts). The rate steps up until a step fails, then the best rate is held for the full duration. A step passes with every call successful, 0 failed calls and 0 unexpected messages (SIPp's FailedUnexpectedMessage + OutOfCallMsgs + DeadCallMsgs, shown in that order when not 0; a dead-call message is typically a 200 the UA retransmitted because the ACK reached it more than T1 = 500 ms later). Latency is SIPp's response time from the INVITE to its 200 (\`rtd\` of the built-in scenario, \`-trace_rtt -rtt_freq 1\`, every call). CPU and RSS are the Node process's over the step (\`process.cpuUsage()\`); its event-loop delay (\`monitorEventLoopDelay\`, 10 ms resolution) says how late it ran what was due: a stall longer than T1 = 500 ms makes it retransmit 200s whose ACK has not been read yet. SIPp shares the 2 cores.`,
    '',
    '| run | rate asked (calls/s) | duration | rate SIPp reached | successful / created | failed | unexpected | retransmissions | INVITE→200 p50 / p99 | Node CPU (% of a core) | Node RSS | Node event-loop delay p99 / max | SIPp CPU | passed |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
    ...run.steps.map((s) => row(s, s.seconds >= 30 ? 'hold' : 'step')),
    ...(run.held === undefined ? [] : [row(run.held, '**hold**')]),
    '',
    run.held === undefined
      ? `**No rate was held for the full duration with 0 failed calls.** Target ${target.toLocaleString('en')} calls/s: not met.`
      : `**${run.held.rate.toLocaleString('en')} calls/s held for ${run.held.seconds} s** with 0 failed calls and 0 unexpected messages: ${(run.held.rate / target).toFixed(2)}× the target of ${target.toLocaleString('en')} calls/s (${run.held.rate >= target ? 'met' : 'not met'}); ${(run.held.cpuPercent / 100 / run.held.rate * 1000).toFixed(2)} ms of Node CPU per call. SIP.js 0.21 and JsSIP 3.13 cannot be compared here: neither can listen on UDP (both are WebSocket-only clients in Node), so neither can be SIPp's UAS.`,
  ];
  if (profile !== undefined && profileRate !== undefined) {
    out.push(
      '',
      `### Where the time goes (\`node --cpu-prof\`, a separate run at ${profileRate} calls/s; self time, idle left out: ${profile.busyMs.toFixed(0)} ms busy)`,
      '',
      '| where | share of busy time |',
      '|---|--:|',
      ...profile.categories.map((c) => `| ${c.name} | ${((c.ms / profile.busyMs) * 100).toFixed(1)} % |`),
      '',
      '| function (self time) | share |',
      '|---|--:|',
      ...profile.functions.map((f) => `| ${f.name} | ${((f.ms / profile.busyMs) * 100).toFixed(1)} % |`),
    );
  }
  return out;
}
