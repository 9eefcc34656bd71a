import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../conformance/runner/outcome.js';
import { parseConformanceArgs } from '../../conformance/runner/cli-options.js';
import { runConformance } from '../../conformance/runner/run-conformance.js';

// One real run of the runner, as `npm run conformance -- --target kamailio --only …` makes it: Kamailio
// started on free loopback ports, a driver process per scenario (a UA registered over WebSocket, a
// SIPp sending it a MESSAGE through the server), Kamailio stopped, the report written.

const dir = mkdtempSync(join(tmpdir(), 'sipforge-conformance-run-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run conformance -- --target kamailio, for real', () => {
  it('runs two scenarios green, stops Kamailio, and writes the table, the HTML report and the JUnit XML', async () => {
    let printed = '';
    const code = await runConformance(parseConformanceArgs(['--target', 'kamailio', '--only', 'register-digest,message-in', '--report', dir]), (text) => (printed += text));
    expect(code, printed).toBe(0);
    expect(printed).toMatch(/register-digest\s+RFC 3261 §10\.2, RFC 3261 §22\.2, RFC 7616 §3\.4\s+passed \d+\.\d s/);
    expect(printed).toMatch(/message-in\s+RFC 3428 §7, RFC 3261 §7\.4\.1\s+passed/);
    expect(printed).toContain('2 passed, 0 failed, 0 skipped');

    const record = JSON.parse(readFileSync(join(dir, 'runs', 'kamailio-sipforge.json'), 'utf8')) as RunRecord;
    const pid = Number(/pid (\d+)/.exec(record.server)?.[1]);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(record.serverLog).toMatch(/kamailio/i);
    const message = record.results.find((result) => result.id === 'message-in')!;
    // Both sides of the ladder: the UA's trace and SIPp's.
    expect(new Set(message.messages.map((m) => `${m.from}>${m.to}`))).toEqual(new Set(['alice>server', 'server>alice', 'sipp>server', 'server>sipp']));
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('<section class="scenario" id="message-in">');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(/<testsuite name="conformance kamailio sipforge"[^>]* tests="2" failures="0"/);
    expect(existsSync(join(dir, 'runs', 'kamailio-sip.js-0.7.8.json'))).toBe(false);
  }, 90_000);

  it('exits non-zero when a scenario fails (--server names an address where nothing listens)', async () => {
    // Nothing listens at this address: every scenario that needs the server fails, none passes.
    let printed = '';
    const code = await runConformance(parseConformanceArgs(['--target', 'kamailio', '--server', 'ws://127.0.0.1:9', '--only', 'options-out', '--report', dir]), (text) => (printed += text));
    expect(code, printed).toBe(1);
    expect(printed).toContain('0 passed, 1 failed, 0 skipped');
  }, 60_000);
});
