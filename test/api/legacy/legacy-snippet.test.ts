import { describe, expect, it } from 'vitest';
import SIP from '../../../src/index.js';
import type { SipRequest } from '../../../src/syntax/index.js';
import { answer } from '../support/context-wire.js';
import { fromBob, settle, startedUa, stop } from '../support/started-ua.js';
import { legacyApp } from './fixtures/legacy-sipjs-app.js';

describe('a SIP.js 0.7 application', () => {
  it('runs unchanged: registration, an incoming MESSAGE and INVITE, an outgoing MESSAGE', async () => {
    const logged: string[] = [];
    const { ua, transport, clock } = startedUa({
      register: true,
      autostart: false,
      log: { builtinEnabled: false, level: 'log', connector: (_level: string, category: string, _label: string | undefined, content: string) => {
        if (category === 'app.legacy') logged.push(content);
      } },
    });
    const report: string[] = [];
    legacyApp(SIP, ua, (line) => report.push(line));
    ua.start();
    await settle();

    const sent = (method: string): SipRequest => transport.requests.filter((r) => r.method === method).pop()!;
    const register = sent('REGISTER');
    transport.deliver(answer(register, 200, { reason: 'OK', toTag: 'reg1', headers: [`Contact: ${register.rawHeader('Contact')};expires=600`] }));
    const message = sent('MESSAGE');
    transport.deliver(answer(message, 200, { reason: 'OK', toTag: 'bob9' }));
    transport.deliver(fromBob('MESSAGE', { body: 'Hi Alice ✓', contentType: 'text/plain;charset=utf-8', callId: 'im-1', extra: ['X-Priority: urgent'] }));
    transport.deliver(fromBob('INVITE', { callId: 'call-1', branch: 'z9hG4bKinv', extra: ['Contact: <sip:bob@127.0.0.1:8080;transport=ws>'] }));
    await settle();

    expect(report).toEqual([
      `registered 200 OK for REGISTER cseq 1 contact ${register.rawHeader('Contact')};expires=600`,
      `MESSAGE accepted 200 OK, same call: true, to_tag bob9`,
      'message "Hi Alice ✓" (string, text/plain;charset=utf-8) from Bob <bob@example.test> tag b1=b1 call im-1',
      'priority urgent, 1 value(s)',
      'an IncomingRequest to sip:alice@abc.invalid;transport=ws',
      'invite from sip:bob@example.test (Bob) to alice, in ua.sessions: true, contact <sip:bob@127.0.0.1:8080;transport=ws>, cseq 1',
    ]);
    expect(logged).toEqual(['ready']);
    expect(transport.statuses).toEqual([200, 486]);
    await stop(ua, clock);
  });
});
