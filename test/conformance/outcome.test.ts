import { describe, expect, it } from 'vitest';
import { comparisonNote } from '../../conformance/report-builder/html-report.js';
import { buildLadder, failureIndex, messageLabel } from '../../conformance/report-builder/ladder.js';
import { verdict, type CapturedMessage, type Check, type ScenarioResult } from '../../conformance/runner/outcome.js';
import { loadScenarios, selectScenarios } from '../../conformance/runner/scenario-catalogue.js';
import { planScenario } from '../../conformance/runner/scenario-plan.js';
import { UAS } from '../../conformance/runner/ua/ua-catalogue.js';

const check = (ok: boolean, time = 0, message?: string): Check => ({ label: ok ? 'good' : 'bad', ok, expected: '200', seen: ok ? '200' : '486', time, ...(message === undefined ? {} : { message }) });

describe('a scenario’s verdict', () => {
  it('passes only when there were checks and all of them held', () => {
    expect(verdict([check(true), check(true)], undefined)).toEqual({ status: 'passed' });
  });

  it('fails on the first failed check, naming what was expected and seen', () => {
    expect(verdict([check(true), check(false)], undefined)).toEqual({ status: 'failed', reason: 'bad: expected 200, seen 486' });
  });

  it('fails when the driver threw, whatever its checks', () => {
    expect(verdict([check(true)], 'no "accepted" event within 10000 ms')).toEqual({ status: 'failed', reason: 'no "accepted" event within 10000 ms' });
  });

  it('fails when the driver checked nothing: a driver that checks nothing proves nothing', () => {
    expect(verdict([], undefined)).toEqual({ status: 'failed', reason: 'the driver made no checks' });
  });
});

describe('which scenarios run where', () => {
  const scenario = { targets: ['kamailio', 'asterisk'], needsServer: ['register', 'echo'], needsUa: ['calls', 'dtmf-rfc4733'] };

  it('runs when target, server and UA have what it needs', () => {
    expect(planScenario(scenario, { name: 'asterisk', capabilities: ['register', 'echo'] }, UAS.sipforge!)).toEqual({ run: true });
  });

  it('skips, with the reason, a target it is not written for', () => {
    expect(planScenario({ targets: ['asterisk'] }, { name: 'kamailio', capabilities: [] }, UAS.sipforge!)).toEqual({ run: false, reason: 'written for asterisk, not kamailio' });
  });

  it('skips, with the reason, a server lacking a capability', () => {
    const plan = planScenario(scenario, { name: 'kamailio', capabilities: ['register'] }, UAS.sipforge!);
    expect(plan).toEqual({ run: false, reason: 'the server lacks an extension that answers and echoes the media back (capability "echo")' });
  });

  it('skips, with the reason, a UA lacking a feature', () => {
    const plan = planScenario(scenario, { name: 'asterisk', capabilities: ['register', 'echo'] }, UAS['sip.js-0.7.8']!);
    expect(plan).toEqual({ run: false, reason: 'sip.js-0.7.8: it sends RFC 4733 digits only through a WebRTC RTCDTMFSender' });
  });
});

describe('the scenario catalogue', () => {
  const scenarios = loadScenarios();

  it('every folder declares title, group, RFC sections, expected outcome and targets; ids are the folder names', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
    for (const scenario of scenarios) {
      expect(scenario.rfc.length, scenario.id).toBeGreaterThan(0);
      expect(scenario.targets.length, scenario.id).toBeGreaterThan(0);
      expect(scenario.dir.endsWith(scenario.id)).toBe(true);
    }
  });

  it('the session extensions come as their own group, after media and before robustness', () => {
    const groups = [...new Set(scenarios.map((s) => s.group))];
    expect(groups.indexOf('extensions')).toBeGreaterThan(groups.indexOf('mid-call'));
    expect(groups.indexOf('extensions')).toBe(groups.indexOf('robustness') - 1);
  });

  it('the scenarios that send datagrams straight to the UA are skipped for SIP.js 0.7.8, which has no UDP', () => {
    const direct = scenarios.filter((s) => s.needsUa?.includes('udp'));
    expect(direct.map((s) => s.id)).toEqual(['robustness-rfc4475-invalid', 'robustness-rfc4475-semantic']);
    for (const scenario of direct) {
      expect(planScenario(scenario, { name: 'kamailio', capabilities: ['register', 'sipp-peer'] }, UAS['sip.js-0.7.8']!)).toEqual({ run: false, reason: 'sip.js-0.7.8: its only transport is WebSocket: a SIPp cannot send it datagrams' });
      expect(planScenario(scenario, { name: 'kamailio', capabilities: ['register', 'sipp-peer'] }, UAS.sipforge!)).toEqual({ run: true });
    }
  });

  it('--only picks by id, id prefix or group, and refuses a name that matches nothing', () => {
    expect(selectScenarios(scenarios, ['register-digest']).map((s) => s.id)).toEqual(['register-digest']);
    expect(selectScenarios(scenarios, ['message']).map((s) => s.id)).toEqual(['message-in', 'message-out']);
    expect(selectScenarios(scenarios, ['call-in-']).every((s) => s.group === 'calls-in')).toBe(true);
    expect(() => selectScenarios(scenarios, ['no-such-scenario'])).toThrow(/no scenario has that id/);
  });
});

describe('the ladder', () => {
  const at = (time: number, from: string, to: string, text: string): CapturedMessage => ({ time, from, to, capturedBy: from, text });
  const invite = 'INVITE sip:carol@example.test SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n';
  const busy = 'SIP/2.0 486 Busy Here\r\nCSeq: 1 INVITE\r\n\r\n';
  const messages = [at(1000, 'alice', 'server', invite), at(1010, 'server', 'sipp carol', invite), at(1020, 'sipp carol', 'server', busy), at(1030, 'server', 'alice', busy)];

  it('labels an arrow with the method, or status, reason and the CSeq method', () => {
    expect(messageLabel(invite)).toBe('INVITE');
    expect(messageLabel(busy)).toBe('486 Busy Here (INVITE)');
  });

  it('has the UAs left, the server in the middle, each SIPp right, and an arrow per message with its time', () => {
    const ladder = buildLadder(messages, []);
    expect(ladder.columns).toEqual(['alice', 'server', 'sipp carol']);
    expect(ladder.mermaid.split('\n')).toEqual([
      'sequenceDiagram',
      '  participant c0 as alice',
      '  participant c1 as server',
      '  participant c2 as sipp carol',
      '  c0->>c1: INVITE · +0.000 s',
      '  c1->>c2: INVITE · +0.010 s',
      '  c2->>c1: 486 Busy Here (INVITE) · +0.020 s',
      '  c1->>c0: 486 Busy Here (INVITE) · +0.030 s',
    ]);
  });

  it('marks the message a failed check names, or else the last one before the check, with what was expected', () => {
    expect(failureIndex(messages, check(false, 5000, busy))).toBe(2);
    expect(failureIndex(messages, check(false, 1015))).toBe(1);
    const ladder = buildLadder(messages, [check(false, 1025)]);
    expect(ladder.arrows[2]!.failures).toHaveLength(1);
    expect(ladder.mermaid).toContain('  rect rgba(220, 40, 40, 0.22)\n    c2->>c1: 486 Busy Here (INVITE) · +0.020 s\n    Note over c2,c1: ✖ bad<br/>expected 200<br/>seen 486\n  end');
  });

  it('keeps mermaid syntax out of labels', () => {
    const ladder = buildLadder([at(0, 'alice', 'server', 'SIP/2.0 199 Odd; reason #1: x\r\nCSeq: 1 INVITE\r\n\r\n')], []);
    expect(ladder.mermaid).toContain('c0->>c1: 199 Odd reason 1 x (INVITE) · +0.000 s');
  });
});

describe('the report’s note on the reference column', () => {
  const result = (ua: string, status: ScenarioResult['status']): ScenarioResult => ({ id: 's', ua, status, durationMs: 1, checks: [], messages: [], log: [] });

  it('says where the legacy library fails and sipforge passes, and the other way round', () => {
    expect(comparisonNote([result('sipforge', 'passed'), result('sip.js-0.7.8', 'failed')])).toBe('sip.js-0.7.8 fails where sipforge passes');
    expect(comparisonNote([result('sipforge', 'failed'), result('sip.js-0.7.8', 'passed')])).toBe('sipforge fails where sip.js-0.7.8 passes');
    expect(comparisonNote([result('sipforge', 'passed'), result('sip.js-0.7.8', 'skipped')])).toBe('');
  });
});
