import { describe, expect, it } from 'vitest';
import { fakeMediaFactory } from '../support/fake-media-handler.js';
import SIP, { FakeClock } from '../../src/index.js';
import { ScriptedTransport } from '../support/scripted-transport.js';
import { settle } from '../support/settle.js';

// Issue 7: "never escapes as an exception, not even from an application's event listener". A UA's
// listener runs inside the transport's callback; what it throws is logged at error level through the
// UA's log, and the UA answers as it would have. Plus the two timers that end calls nobody answers.

function startedUa(config: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'abc.invalid', viaPort: undefined, remote: { protocol: 'WS', host: '127.0.0.1', port: 8080 } });
  const errors: string[] = [];
  const ua = new SIP.UA(
    {
      uri: 'alice@example.test',
      wsServers: 'ws://127.0.0.1:8080',
      register: false,
      log: { builtinEnabled: false, level: 'error', connector: (level: string, _category: string, _label: unknown, content: string) => errors.push(`${level} ${content}`) },
      ...config,
    },
    { transportFactory: () => () => transport, clock, mediaHandlerFactory: fakeMediaFactory().factory },
  );
  const answers = () => transport.sent.filter((m) => m.text.startsWith('SIP/2.0')).map((m) => m.text.split('\r\n')[0]);
  return { ua, transport, clock, errors, answers };
}

const invite = (callId: string) =>
  `INVITE sip:alice@abc.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bK${callId}\r\n` +
  `Max-Forwards: 69\r\nFrom: <sip:bob@example.test>;tag=b1\r\nTo: <sip:alice@example.test>\r\nCall-ID: ${callId}\r\n` +
  'CSeq: 1 INVITE\r\nContact: <sip:bob@127.0.0.1:8080;transport=ws>\r\nContent-Length: 0\r\n\r\n';

const message = (callId: string) =>
  `MESSAGE sip:alice@abc.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bK${callId}\r\n` +
  `Max-Forwards: 69\r\nFrom: <sip:bob@example.test>;tag=b1\r\nTo: <sip:alice@example.test>\r\nCall-ID: ${callId}\r\n` +
  'CSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi';

describe('SIP.UA with an application listener that throws', () => {
  it('logs a throwing message listener at error level, still answers 200, and keeps running', async () => {
    const { ua, transport, errors, answers } = startedUa();
    await settle();
    ua.on('message', () => {
      throw new Error('bug in the app');
    });
    transport.deliver(message('m1'));
    transport.deliver(message('m2'));
    await settle();
    expect(answers()).toEqual(['SIP/2.0 200 OK', 'SIP/2.0 200 OK']);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^error a listener of 'message' threw: Error: bug in the app\n\s+at /);
  });

  it('logs a throwing invite listener; the call then ends with 408 after noAnswerTimeout (NO_ANSWER)', async () => {
    const { ua, transport, clock, errors, answers } = startedUa({ noAnswerTimeout: 5 });
    await settle();
    const failed: string[] = [];
    ua.on('invite', (context) => {
      context.on('failed', (response, cause) => failed.push(`${response?.status} ${cause}`));
      throw new Error('bug in the app');
    });
    transport.deliver(invite('i1'));
    await settle();
    expect(errors).toEqual([expect.stringMatching(/^error a listener of 'invite' threw: Error: bug in the app/)]);
    clock.advance(4_999);
    expect(answers()).toEqual(['SIP/2.0 100 Trying']);
    clock.advance(1);
    expect(answers()).toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 408 Request Timeout']);
    expect(failed).toEqual(['408 No Answer']);
  });

  it('logs a throwing listener of a context it handed out', async () => {
    const { ua, transport, errors } = startedUa();
    await settle();
    const context = ua.message('bob@example.test', 'hi');
    context.on('accepted', () => {
      throw new Error('bug in the app');
    });
    await settle();
    const sent = transport.sent.find((m) => m.text.startsWith('MESSAGE '))!.message;
    transport.deliver(
      `SIP/2.0 200 OK\r\nVia: ${sent.rawHeader('Via')}\r\nFrom: ${sent.rawHeader('From')}\r\nTo: ${sent.rawHeader('To')};tag=x\r\n` +
        `Call-ID: ${sent.callId}\r\nCSeq: ${sent.rawHeader('CSeq')}\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(errors).toEqual([expect.stringMatching(/^error a listener of 'accepted' threw: Error: bug in the app/)]);
  });
});

describe('SIP.UA timers for calls nobody answers', () => {
  it('answers an unanswered INVITE 408 after the legacy 60 s default', async () => {
    const { ua, transport, clock, answers } = startedUa();
    await settle();
    ua.on('invite', (context) => context.progress());
    transport.deliver(invite('i2'));
    await settle();
    clock.advance(59_999);
    expect(answers()).toEqual(['SIP/2.0 180 Ringing']);
    clock.advance(1);
    expect(answers()).toEqual(['SIP/2.0 180 Ringing', 'SIP/2.0 408 Request Timeout']);
  });

  it('CANCELs an outgoing INVITE that only rings once timerC (seconds) has passed, failing it with NO_ANSWER', async () => {
    const { ua, transport, clock } = startedUa({ timerC: 30 });
    await settle();
    const context = ua.invite('bob@example.test');
    const failed: string[] = [];
    context.on('failed', (response, cause) => failed.push(`${response?.status ?? 'none'} ${cause}`));
    await settle();
    const sent = transport.sent.find((m) => m.text.startsWith('INVITE '))!.message;
    transport.deliver(
      `SIP/2.0 180 Ringing\r\nVia: ${sent.rawHeader('Via')}\r\nFrom: ${sent.rawHeader('From')}\r\nTo: ${sent.rawHeader('To')};tag=x\r\n` +
        `Call-ID: ${sent.callId}\r\nCSeq: ${sent.rawHeader('CSeq')}\r\nContent-Length: 0\r\n\r\n`,
    );
    clock.advance(29_999);
    expect(failed).toEqual([]);
    clock.advance(1);
    expect(failed).toEqual(['none No Answer']);
    expect(transport.last.text.split('\r\n')[0]).toBe('CANCEL sip:bob@example.test SIP/2.0');
  });

  it('stop() cancels an outgoing call still ringing, so that no Timer C outlives the UA', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    const context = ua.invite('bob@example.test');
    const seen: string[] = [];
    context.on('cancel', () => seen.push('cancel'));
    context.on('failed', (response, cause) => seen.push(`failed ${response?.status ?? 'none'} ${cause}`));
    await settle();
    const invite = transport.sent.find((m) => m.text.startsWith('INVITE '))!.message;
    const reply = (status: number, request = invite) =>
      `SIP/2.0 ${status} Whatever\r\nVia: ${request.rawHeader('Via')}\r\nFrom: ${request.rawHeader('From')}\r\nTo: ${request.rawHeader('To')};tag=x\r\n` +
      `Call-ID: ${request.callId}\r\nCSeq: ${request.rawHeader('CSeq')}\r\nContent-Length: 0\r\n\r\n`;
    transport.deliver(reply(180));
    const stopping = ua.stop();
    await settle();
    const cancel = transport.sent.find((m) => m.text.startsWith('CANCEL '))!.message;
    transport.deliver(reply(200, cancel));
    transport.deliver(reply(487));
    for (let elapsed = 0; elapsed <= 5000; elapsed += 100) {
      await settle();
      clock.advance(100);
    }
    await stopping;
    expect(seen).toEqual(['cancel', 'failed 487 Canceled']);
    expect(clock.pending).toBe(0);
  });
});
