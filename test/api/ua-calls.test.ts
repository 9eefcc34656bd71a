import { describe, expect, it } from 'vitest';
import { fakeMediaFactory, peerSdp } from '../support/fake-media-handler.js';
import SIP, { FakeClock, SessionStatus, type InviteServerContext, type SipResponse } from '../../src/index.js';
import { ScriptedTransport } from '../support/scripted-transport.js';
import { settle } from '../support/settle.js';
import { answer } from './support/context-wire.js';

// The UA's call wiring (RFC 3261 §12–15) on a scripted WebSocket connection: the ACK and the BYE
// of a dialog reach the context that owns it, and a re-INVITE is not mistaken for a new call.

const SERVER = { protocol: 'WS' as const, host: '127.0.0.1', port: 8080 };

function startedUa() {
  const clock = new FakeClock();
  const transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'abc.invalid', viaPort: undefined, remote: SERVER });
  const ua = new SIP.UA(
    { uri: 'alice@example.test', wsServers: 'ws://127.0.0.1:8080', register: false, log: { builtinEnabled: false } },
    { transportFactory: () => () => transport, clock, mediaHandlerFactory: fakeMediaFactory().factory },
  );
  return { ua, transport, clock };
}

/** A request from bob, relayed by the proxy at 127.0.0.1:8080 (which Record-Routes the INVITE); an INVITE carries an offer. */
function fromBob(method: string, options: { toTag?: string; cseq?: number; branch: string; body?: string }): string {
  const body = options.body ?? (method === 'INVITE' ? peerSdp() : '');
  return (
    `${method} sip:alice@abc.invalid;transport=ws SIP/2.0\r\n` +
    `Via: SIP/2.0/WS 127.0.0.1:8080;branch=${options.branch}\r\n` +
    (method === 'INVITE' ? 'Record-Route: <sip:127.0.0.1:8080;transport=ws;lr>\r\n' : '') +
    'Max-Forwards: 69\r\n' +
    'From: <sip:bob@example.test>;tag=b1\r\n' +
    `To: <sip:alice@example.test>${options.toTag === undefined ? '' : `;tag=${options.toTag}`}\r\n` +
    'Call-ID: call-1\r\n' +
    `CSeq: ${options.cseq ?? 1} ${method}\r\n` +
    'Contact: <sip:bob@127.0.0.1:8080;transport=ws>\r\n' +
    (body === '' ? '' : 'Content-Type: application/sdp\r\n') +
    `Content-Length: ${body.length}\r\n\r\n${body}`
  );
}

const statusLines = (transport: ScriptedTransport): string[] =>
  transport.sent.flatMap((s) => ('status' in s.message ? [`${s.message.status} ${s.message.cseq.method}`] : []));

describe('SIP.UA calls', () => {
  it('hands the ACK (confirmed) and the caller\'s BYE (bye, answered 200) to the context of the call', async () => {
    const { ua, transport } = startedUa();
    ua.start();
    await settle();
    const seen: string[] = [];
    const contexts: InviteServerContext[] = [];
    ua.on('invite', (context) => {
      contexts.push(context);
      context.on('confirmed', (ack) => seen.push(`confirmed ${ack.method}`));
      context.on('bye', (bye) => seen.push(`bye ${bye.method}`));
      context.accept();
    });
    transport.deliver(fromBob('INVITE', { branch: 'z9hG4bKinv1' }));
    await settle();
    const ok = transport.last.message as SipResponse;
    expect(ok.rawHeaders('Record-Route')).toEqual(['<sip:127.0.0.1:8080;transport=ws;lr>']);
    const tag = ok.to.tag!;
    transport.deliver(fromBob('ACK', { toTag: tag, branch: 'z9hG4bKack1' }));
    transport.deliver(fromBob('BYE', { toTag: tag, cseq: 2, branch: 'z9hG4bKbye1' }));
    await settle();
    expect(seen).toEqual(['confirmed ACK', 'bye BYE']);
    expect(statusLines(transport)).toEqual(['200 INVITE', '200 BYE']);
    expect(contexts[0]!.status).toBe(SessionStatus.STATUS_TERMINATED);
  });

  it('answers a re-INVITE in the call (RFC 3261 §14.2) instead of offering it as a new call; a sendonly offer is the caller holding', async () => {
    const { ua, transport } = startedUa();
    ua.start();
    await settle();
    const contexts: InviteServerContext[] = [];
    const seen: string[] = [];
    ua.on('invite', (context) => {
      contexts.push(context);
      context.on('bye', (bye) => seen.push(`bye ${bye.method}`));
      context.on('hold', ({ originator }) => seen.push(`hold ${originator}`));
      context.accept();
    });
    transport.deliver(fromBob('INVITE', { branch: 'z9hG4bKinv1' }));
    await settle();
    const tag = (transport.last.message as SipResponse).to.tag!;
    transport.deliver(fromBob('ACK', { toTag: tag, branch: 'z9hG4bKack1' }));
    transport.deliver(fromBob('INVITE', { toTag: tag, cseq: 2, branch: 'z9hG4bKreinv1', body: peerSdp({ direction: 'sendonly', version: 2 }) }));
    await settle();
    expect(contexts).toHaveLength(1);
    expect(statusLines(transport)).toEqual(['200 INVITE', '200 INVITE']);
    expect(transport.last.message.bodyText).toMatch(/a=recvonly\r\n/);
    expect(seen).toEqual(['hold remote']);
    expect(contexts[0]!.isOnHold()).toEqual({ local: false, remote: true });
    expect(contexts[0]!.status).toBe(SessionStatus.STATUS_CONFIRMED);
    transport.deliver(fromBob('ACK', { toTag: tag, cseq: 2, branch: 'z9hG4bKack2' }));
    transport.deliver(fromBob('BYE', { toTag: tag, cseq: 3, branch: 'z9hG4bKbye1' }));
    await settle();
    expect(statusLines(transport)).toEqual(['200 INVITE', '200 INVITE', '200 BYE']);
    expect(seen).toEqual(['hold remote', 'bye BYE']);
  });
});

describe('SIP.UA stop() with calls up', () => {
  /** Run stop() on the fake clock, `step` ms at a time, and resolve with the time it took. */
  async function timedStop(ua: { stop(): Promise<void> }, clock: FakeClock, onStep: () => void = () => undefined): Promise<number> {
    const start = clock.now();
    let done = false;
    const stopping = ua.stop().then(() => (done = true));
    for (let elapsed = 0; elapsed <= 6000 && !done; elapsed += 50) {
      await settle();
      onStep();
      clock.advance(50);
    }
    await stopping;
    return clock.now() - start;
  }

  /** A step of timedStop that answers the UA's BYE with 200 once it is on the wire. */
  function answerBye(transport: ScriptedTransport): () => void {
    let answered = false;
    return () => {
      const bye = transport.requests.find((r) => r.method === 'BYE');
      if (bye === undefined || answered) return;
      answered = true;
      transport.deliver(answer(bye, 200));
    };
  }

  it('ends an answered incoming call with a BYE and closes once it is answered, not 5 s later (the INVITE transaction is not waited for)', async () => {
    const { ua, transport, clock } = startedUa();
    ua.start();
    await settle();
    const contexts: InviteServerContext[] = [];
    ua.on('invite', (context) => {
      contexts.push(context);
      context.accept();
    });
    transport.deliver(fromBob('INVITE', { branch: 'z9hG4bKinv1' }));
    await settle();
    const tag = (transport.last.message as SipResponse).to.tag!;
    transport.deliver(fromBob('ACK', { toTag: tag, branch: 'z9hG4bKack1' }));
    await settle();
    const took = await timedStop(ua, clock, answerBye(transport));
    const bye = transport.requests.find((r) => r.method === 'BYE')!;
    expect(bye.uri.toString()).toBe('sip:bob@127.0.0.1:8080;transport=ws');
    expect(bye.rawHeaders('Route')).toEqual(['<sip:127.0.0.1:8080;transport=ws;lr>']);
    expect(contexts[0]!.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(took).toBeLessThan(1000);
  });

  it('ends an answered outgoing call with a BYE', async () => {
    const { ua, transport, clock } = startedUa();
    ua.start();
    await settle();
    const call = ua.invite('bob@example.test');
    await settle();
    const invite = transport.requests.find((r) => r.method === 'INVITE')!;
    transport.deliver(answer(invite, 200, { toTag: 'bob-tag', headers: ['Contact: <sip:bob@127.0.0.1:8080;transport=ws>'], body: peerSdp() }));
    await settle();
    expect(call.status).toBe(SessionStatus.STATUS_CONFIRMED);
    const byes: string[] = [];
    call.on('bye', (request) => byes.push(request.method));
    const took = await timedStop(ua, clock, answerBye(transport));
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(byes).toEqual(['BYE']);
    expect(call.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(took).toBeLessThan(1000);
  });
});
