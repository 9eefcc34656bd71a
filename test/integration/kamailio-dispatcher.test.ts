import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/examples.js';
import { freePortBlock } from '../support/free-ports.js';
import { pollUntil } from '../support/poll.js';
import { startDispatcher, type RunningDispatcher } from '../support/kamailio-dispatcher.js';
import { SIPP_PORTS, sippLocal, startSipp, type SippProcess } from '../support/sipp.js';
import { startUasProcess, type UasProcess } from '../support/uas-process.js';

// Scale-out behind Kamailio's dispatcher (conformance/targets/kamailio/dispatcher.cfg): two sipforge
// UAS processes (examples/uas-process.ts) take the calls SIPp sends at a steady rate through the
// dispatcher; one is killed mid-run. The dispatcher marks it down within its probing interval, the
// other takes every new call, and only the calls in flight on the killed process are lost: those
// sent to it before it was marked down fail over to the other (failure_route on timeout).

const UAC_CALL = fileURLToPath(new URL('../../conformance/targets/kamailio/sipp/uac_call.xml', import.meta.url));
const RATE = 20; // calls per second
const CALLS = 300; // 15 s of calls
const HOLD_MS = 1000; // each call lasts 1 s before SIPp's BYE
const KILL_AFTER_MS = 5000;
const PING_INTERVAL_S = 1;
const FR_TIMER_MS = 1000;

let dispatcher: RunningDispatcher | undefined;
let sipp: SippProcess | undefined;
const processes: UasProcess[] = [];
afterEach(async () => {
  await sipp?.kill();
  await Promise.all(processes.splice(0).map((p) => p.kill()));
  await dispatcher?.stop();
  sipp = undefined;
  dispatcher = undefined;
});

/** A counter of SIPp's final statistics screen (cumulative column). */
function counter(output: string, name: string): number {
  const match = new RegExp(`${name}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(output);
  if (match === null) throw new Error(`no "${name}" in SIPp's statistics:\n${output}`);
  return Number(match[1]);
}

describe('scale-out behind Kamailio dispatcher', () => {
  it("shows the UAS process example in the README word for word", () => {
    const example = readFileSync(`${ROOT}examples/uas-process.ts`, 'utf8');
    expect(readFileSync(`${ROOT}README.md`, 'utf8')).toContain(example);
  });

  it(
    'loses only the calls in flight on a killed UAS process; the other takes every new call',
    async () => {
      const base = await freePortBlock(3 + SIPP_PORTS);
      const [proxyPort, port1, port2, sippPort] = [base, base + 1, base + 2, base + 3];
      const [uas1, uas2] = await Promise.all([startUasProcess(`udp:127.0.0.1:${port1}`), startUasProcess(`udp:127.0.0.1:${port2}`)]);
      processes.push(uas1, uas2);
      dispatcher = await startDispatcher({ port: proxyPort, destinations: [port1, port2], pingInterval: PING_INTERVAL_S, frTimer: FR_TIMER_MS });
      const running = dispatcher;

      // uac_call.xml: ACK and BYE follow the recorded route (rrs), so they reach the process that answered.
      sipp = startSipp(['-sf', UAC_CALL, `127.0.0.1:${proxyPort}`, '-s', 'service', ...sippLocal(sippPort), '-r', String(RATE), '-m', String(CALLS), '-d', String(HOLD_MS)], 50_000);
      await new Promise((r) => setTimeout(r, KILL_AFTER_MS));
      const answeredBeforeKill = uas1.answered.size + uas2.answered.size;
      const killedAt = Date.now();
      await uas1.kill();
      // Counted once everything the process printed before it died has been read.
      const inFlight = uas1.inFlight();

      const result = await sipp.done;
      const destination1 = `sip:127.0.0.1:${port1}`;
      const down = running.lines.find((l) => l.at >= killedAt && l.line.includes('DS-DOWN') && l.line.includes(`127.0.0.1:${port1}`));
      const failoverLines = running.lines.filter((l) => l.line.includes('DS-FAILOVER') && l.line.includes(destination1));
      const routedAfterDown = down === undefined ? [] : running.lines.filter((l) => l.at > down.at && l.line.includes(`DS-ROUTE INVITE`) && l.line.endsWith(`to ${destination1}`));
      const list = await running.dispatcherList();
      const successful = counter(result.output, 'Successful call');
      const failed = counter(result.output, 'Failed call');
      const report = {
        calls: CALLS,
        successful,
        failed,
        inFlightOnKilledProcessAtKill: inFlight,
        answeredBeforeKill,
        markedDownAfterMs: down === undefined ? undefined : down.at - killedAt,
        failovers: failoverLines.length,
        answeredByEachProcess: [uas1.answered.size, uas2.answered.size],
      };
      console.log(`dispatcher failover: ${JSON.stringify(report)}`);

      expect(successful + failed, result.output).toBe(CALLS);
      // The dispatcher marked the killed process down within one probing interval plus one probe's timeout.
      expect(down, running.lines.map((l) => l.line).join('\n').slice(-3000)).toBeDefined();
      expect(down!.at - killedAt).toBeLessThanOrEqual(PING_INTERVAL_S * 1000 + FR_TIMER_MS + 1000);
      expect(list).toMatch(new RegExp(`URI: ${destination1.replace(/\./g, '\\.')}\\s+FLAGS: I`));
      expect(list).toMatch(new RegExp(`URI: sip:127\\.0\\.0\\.1:${port2}\\s+FLAGS: A`));
      // From then on no new call went to it.
      expect(routedAfterDown).toEqual([]);
      // Only the calls in flight on the killed process were lost: the INVITEs sent to it before it was
      // marked down failed over to the other process.
      expect(failed).toBeLessThanOrEqual(inFlight);
      expect(uas2.answered.size + uas1.answered.size - answeredBeforeKill).toBeGreaterThan(0);
    },
    60_000,
  );

  it(
    'probes the processes with OPTIONS: one that dies is marked down without any call, and up again once it answers',
    async () => {
      const base = await freePortBlock(3);
      const [proxyPort, port1, port2] = [base, base + 1, base + 2];
      const [uas1, uas2] = await Promise.all([startUasProcess(`udp:127.0.0.1:${port1}`), startUasProcess(`udp:127.0.0.1:${port2}`)]);
      processes.push(uas1, uas2);
      dispatcher = await startDispatcher({ port: proxyPort, destinations: [port1, port2], pingInterval: PING_INTERVAL_S, frTimer: FR_TIMER_MS });
      const running = dispatcher;
      // When Kamailio logged `event` for process 1 (after `after`); fails when it did not within 10 s.
      const about = async (event: 'DS-DOWN' | 'DS-UP', after: number): Promise<number> => {
        const find = async (): Promise<number | undefined> => running.lines.find((l) => l.at >= after && l.line.includes(event) && l.line.includes(`127.0.0.1:${port1}`))?.at;
        const at = await pollUntil(find, (value) => value !== undefined, 10_000);
        if (at === undefined) throw new Error(`no ${event} for 127.0.0.1:${port1}:\n${running.lines.map((l) => l.line).join('\n').slice(-3000)}`);
        return at;
      };

      const killedAt = Date.now();
      await uas1.kill();
      const downAt = await about('DS-DOWN', killedAt);
      // ds_probing_mode 1: a first unanswered probe makes an active destination TRYING, the next one
      // (an interval later, given up after fr_timer) makes it INACTIVE: 2–3 s with 1 s and 1000 ms.
      console.log(`dispatcher probing: marked down ${downAt - killedAt} ms after the kill`);
      expect(downAt - killedAt).toBeLessThanOrEqual(2 * PING_INTERVAL_S * 1000 + FR_TIMER_MS + 1000);
      expect(await running.dispatcherList()).toMatch(new RegExp(`URI: sip:127\\.0\\.0\\.1:${port1}\\s+FLAGS: I`));

      processes.push(await startUasProcess(`udp:127.0.0.1:${port1}`));
      const restartedAt = Date.now();
      const upAt = await about('DS-UP', restartedAt);
      console.log(`dispatcher probing: up again ${upAt - restartedAt} ms after the restart`);
      expect(upAt - restartedAt).toBeLessThanOrEqual(PING_INTERVAL_S * 1000 + 1000);
      expect(await running.dispatcherList()).toMatch(new RegExp(`URI: sip:127\\.0\\.0\\.1:${port1}\\s+FLAGS: A`));
    },
    30_000,
  );
});

