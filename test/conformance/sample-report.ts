import type { ReportInput } from '../../conformance/report-builder/report-input.js';
import type { CapturedMessage, Check, ScenarioResult } from '../../conformance/runner/outcome.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

const invite = 'INVITE sip:carol@example.test SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bK1\r\nFrom: <sip:alice@example.test>;tag=a1\r\nTo: <sip:carol@example.test>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
const ok = 'SIP/2.0 200 OK\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bK1\r\nFrom: <sip:alice@example.test>;tag=a1\r\nTo: <sip:carol@example.test>;tag=c9\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
const register = 'REGISTER sip:example.test SIP/2.0\r\nCSeq: 1 REGISTER\r\n\r\n';
const registered = 'SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\n\r\n';

const message = (offset: number, from: string, to: string, text: string): CapturedMessage => ({ time: T0 + offset, from, to, capturedBy: from.startsWith('sipp') || to.startsWith('sipp') ? 'sipp carol' : 'alice', text });

const call = [message(0, 'alice', 'server', invite), message(5, 'server', 'sipp carol', invite), message(20, 'sipp carol', 'server', ok), message(25, 'server', 'alice', ok)];

const failedCheck: Check = { label: 'the call events', ok: false, expected: '["failed 486 Busy"]', seen: '["accepted 200"]', time: T0 + 30, message: ok };
const passedCheck: Check = { label: 'registered', ok: true, expected: 'true', seen: 'true', time: T0 + 10 };

function result(id: string, ua: string, status: ScenarioResult['status'], rest: Partial<ScenarioResult> = {}): ScenarioResult {
  return { id, ua, status, durationMs: 1500, checks: [], messages: [], log: [], ...rest };
}

/** A report with a failure (sipforge) where the reference passes, a pass, and a skip. */
export function sampleReport(): ReportInput {
  return {
    scenarios: [
      { id: 'register-digest', title: 'REGISTER with digest', group: 'registration', rfc: ['RFC 3261 §10.2'], expected: 'registered', targets: ['kamailio'] },
      { id: 'call-out-busy', title: 'a call to a busy callee', group: 'calls-out', rfc: ['RFC 3261 §13.2.2.3'], expected: 'rejected BUSY', targets: ['kamailio'] },
      { id: 'dtmf-rfc4733', title: 'RFC 4733 DTMF', group: 'mid-call', rfc: ['RFC 4733 §2'], expected: 'tones', targets: ['kamailio'] },
    ],
    runs: [
      {
        ua: 'sipforge',
        uaVersion: 'commit abc1234',
        target: 'kamailio',
        server: 'Kamailio 5.6.3 on ws://127.0.0.1:20001',
        startedAt: new Date(T0).toISOString(),
        durationMs: 4000,
        serverLog: 'kamailio: listening on udp:127.0.0.1:20000',
        results: [
          result('register-digest', 'sipforge', 'passed', { checks: [passedCheck], messages: [message(0, 'alice', 'server', register), message(8, 'server', 'alice', registered)] }),
          result('call-out-busy', 'sipforge', 'failed', { reason: 'the call events: expected ["failed 486 Busy"], seen ["accepted 200"]', checks: [failedCheck], messages: call, log: ['sipp carol exited with 0'] }),
          result('dtmf-rfc4733', 'sipforge', 'skipped', { reason: 'sip.js-0.7.8: it sends RFC 4733 digits only through a WebRTC RTCDTMFSender', durationMs: 0 }),
        ],
      },
      {
        ua: 'sip.js-0.7.8',
        uaVersion: 'version 0.7.8',
        target: 'kamailio',
        server: 'Kamailio 5.6.3 on ws://127.0.0.1:20001',
        startedAt: new Date(T0).toISOString(),
        durationMs: 3000,
        serverLog: '',
        results: [result('call-out-busy', 'sip.js-0.7.8', 'passed', { checks: [{ ...failedCheck, ok: true }], messages: call }), result('dtmf-rfc4733', 'sip.js-0.7.8', 'passed', { checks: [passedCheck] })],
      },
    ],
  };
}
