import { describe, expect, it } from 'vitest';
import { cpsStep, startCpsUas } from '../../bench/load/cps.js';
import { lifecycles } from '../../bench/load/lifecycles.js';
import { manyUas } from '../../bench/load/many-uas.js';
import { mediaStep } from '../../bench/load/media.js';

// `npm run bench:load` at a tiny scale, so that its code cannot rot: every benchmark runs end to
// end against its real peers (Kamailio, SIPp, UDP sockets) and reports what it should. The figures
// themselves are not checked here (a shared 2-core machine); only that nothing is lost.
describe('npm run bench:load at tiny scale', () => {
  it.each(['sipforge', 'sipjs', 'jssip'])('%s: UAs register over WebSocket to Kamailio and each gets its MESSAGE from SIPp', async (peer) => {
    const n = peer === 'sipforge' ? 20 : 5;
    const result = await manyUas(peer, n, { window: 10, messageRate: 100 });
    expect({ registered: result.registered, failed: result.failed, sent: result.messagesSent, delivered: result.delivered }).toEqual({ registered: n, failed: 0, sent: n, delivered: n });
    expect(result.heapPerUa).toBeGreaterThan(0);
  }, 60_000);

  it('transactions and calls, established and ended, are counted alive, then every one and its timers released', async () => {
    const report = await lifecycles(20, 0.02);
    expect(report.failures).toEqual([]);
    expect(report.stages.map((s) => s.timersAlive > 0)).toEqual([true, true, true, true, true, true]);
    // A call ended is still held by its INVITE transaction in Accepted (Timer L / M) when it is sampled.
    const ended = report.stages.filter((s) => / call ended /.test(s.name));
    expect(ended.map((s) => s.name.split(' (')[0])).toEqual(['incoming call ended', 'outgoing call ended']);
    expect(ended.map((s) => s.timersAlive >= report.count)).toEqual([true, true]);
    expect(ended.map((s) => s.contexts)).toEqual([report.count, report.count]);
    // The peer's calls ended and the application let go of them: nothing of theirs is held any more.
    expect(ended[0]!.contextsHeld).toBe(0);
    expect({ timers: report.timersAtEnd, sessions: report.sessionsAtEnd, collected: report.contextsCollected }).toEqual({ timers: 0, sessions: 0, collected: report.contextsCreated });
  }, 60_000);

  it('RTP calls run against far ends that time every packet', async () => {
    const step = await mediaStep(4, 1);
    expect(step.far.received).toBeGreaterThan(100);
    expect(step.worker.received).toBeGreaterThan(100);
  }, 60_000);

  it('SIPp uac calls the listening UA and every call succeeds', async () => {
    const uas = await startCpsUas();
    try {
      const step = await cpsStep(uas, 20, 1);
      expect({ successful: step.successful, failed: step.failed, unexpected: step.unexpected }).toEqual({ successful: 20, failed: 0, unexpected: 0 });
      expect(step.p50Ms).toBeGreaterThanOrEqual(0);
      // The worker measured its event loop over the step (the histogram's minimum resolution is 10 ms).
      expect(step.loopDelayMaxMs).toBeGreaterThan(0);
      expect(step.loopDelayMaxMs).toBeGreaterThanOrEqual(step.loopDelayP99Ms);
    } finally {
      await uas.stop();
    }
  }, 60_000);
});
