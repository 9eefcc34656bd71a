import { beforeEach, describe, expect, it } from 'vitest';
import { Dialog } from '../../src/core/dialog/index.js';
import { newTag } from '../../src/core/request/index.js';
import { UserAgentCore, type IncomingRequest } from '../../src/core/user-agent-core.js';
import { ServedMethods } from '../../src/core/served-methods.js';
import type { SipResponse } from '../../src/syntax/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { REMOTE, request, ScriptedTransport } from './support/scripted-transport.js';
import { settle } from '../support/settle.js';

let clock: FakeClock;
let transport: ScriptedTransport;
let core: UserAgentCore;

beforeEach(() => {
  clock = new FakeClock();
  transport = new ScriptedTransport(clock);
  core = new UserAgentCore({ transport, clock });
  core.start();
});

describe('UserAgentCore', () => {
  it('answers OPTIONS with 200 listing Allow and Accept, to the rport source', async () => {
    transport.deliver(request('OPTIONS'));
    await settle();
    const [sent] = transport.sent;
    expect(sent!.to).toEqual(REMOTE);
    const response = sent!.message as SipResponse;
    expect(response.status).toBe(200);
    expect(response.rawHeader('Allow')).toBe('ACK, CANCEL, OPTIONS');
    expect(response.rawHeader('Accept')).toBe('application/sdp, text/plain');
    expect(response.to.tag).toBeDefined();
    // The Via as the transport delivered it: received/rport are the transport's to record (test/transport/received-via.test.ts).
    expect(response.rawHeader('Via')).toBe('SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bKcore1;rport');
  });

  it('answers 405 for a known method it does not handle and 501 for an unknown one, with Allow', async () => {
    transport.deliver(request('MESSAGE'));
    transport.deliver(request('FROBNICATE', { branch: 'z9hG4bKcore2' }));
    await settle();
    expect(transport.statuses).toEqual([405, 501]);
    expect(transport.sent[0]!.message.rawHeader('Allow')).toBe('ACK, CANCEL, OPTIONS');
  });

  it('absorbs a retransmitted request and re-sends the same response', async () => {
    transport.deliver(request('OPTIONS'));
    transport.deliver(request('OPTIONS'));
    await settle();
    expect(transport.statuses).toEqual([200, 200]);
    expect(transport.sent[1]!.text).toBe(transport.sent[0]!.text);
  });

  it('hands a request to the handler of its method', async () => {
    const seen: IncomingRequest[] = [];
    core.handle('MESSAGE', (incoming) => {
      seen.push(incoming);
      core.respond(incoming, 200);
    });
    transport.deliver(request('MESSAGE', { body: 'v=0\r\n' }));
    await settle();
    expect(seen.map((i) => i.request.method)).toEqual(['MESSAGE']);
    expect(transport.statuses).toEqual([200]);
  });

  it('serves the methods of a shared table with one handler each core, in the table order of Allow, with the body types it gives', async () => {
    const table = new ServedMethods([['MESSAGE', ['*/*']], ['INFO']]);
    const otherTransport = new ScriptedTransport(clock);
    const other = new UserAgentCore({ transport: otherTransport, clock });
    other.start();
    const seen: string[] = [];
    core.serve(table, (incoming) => {
      seen.push(`core ${incoming.request.method}`);
      core.respond(incoming, 200);
    });
    other.serve(table, (incoming) => {
      seen.push(`other ${incoming.request.method}`);
      other.respond(incoming, 202);
    });
    // MESSAGE takes any body type; INFO only the core's own (RFC 3261 §8.2.3: 415 otherwise).
    transport.deliver(request('MESSAGE', { body: 'x', extra: 'Content-Type: application/x-anything\r\n' }).replace('Content-Type: application/sdp\r\n', ''));
    transport.deliver(request('INFO', { branch: 'z9hG4bKcore3', cseq: 2, body: 'x', extra: 'Content-Type: application/x-anything\r\n' }).replace('Content-Type: application/sdp\r\n', ''));
    otherTransport.deliver(request('MESSAGE'));
    otherTransport.deliver(request('BYE', { branch: 'z9hG4bKcore4', cseq: 3 }));
    await settle();
    expect(seen).toEqual(['core MESSAGE', 'other MESSAGE']);
    expect(transport.statuses).toEqual([200, 415]);
    expect(otherTransport.statuses).toEqual([202, 405]);
    expect(otherTransport.sent[1]!.message.rawHeader('Allow')).toBe('ACK, CANCEL, OPTIONS, MESSAGE, INFO');
    expect(core.allowedMethods).toEqual(['ACK', 'CANCEL', 'OPTIONS', 'MESSAGE', 'INFO']);
  });

  it('calls a shared serve() handler with the target it was given as this, and the receiving core', async () => {
    const table = new ServedMethods([['MESSAGE']]);
    const otherTransport = new ScriptedTransport(clock);
    const other = new UserAgentCore({ transport: otherTransport, clock });
    other.start();
    const seen: string[] = [];
    function answer(this: { name: string }, incoming: IncomingRequest, receiving: UserAgentCore): void {
      seen.push(`${this.name} ${incoming.request.method}`);
      receiving.respond(incoming, receiving === core ? 200 : 202);
    }
    core.serve(table, answer, { name: 'first' });
    other.serve(table, answer, { name: 'second' });
    transport.deliver(request('MESSAGE'));
    otherTransport.deliver(request('MESSAGE'));
    await settle();
    expect(seen).toEqual(['first MESSAGE', 'second MESSAGE']);
    expect(transport.statuses).toEqual([200]);
    expect(otherTransport.statuses).toEqual([202]);
  });

  it('lets a method given to handle() keep its own handler over a shared table', async () => {
    core.serve(new ServedMethods([['MESSAGE']]), (incoming) => core.respond(incoming, 200));
    core.handle('MESSAGE', (incoming) => core.respond(incoming, 202));
    core.handle('OPTIONS', (incoming) => core.respond(incoming, 203));
    transport.deliver(request('MESSAGE'));
    transport.deliver(request('OPTIONS', { branch: 'z9hG4bKcore5', cseq: 2 }));
    await settle();
    expect(transport.statuses).toEqual([202, 203]);
    expect(core.allowedMethods).toEqual(['ACK', 'CANCEL', 'OPTIONS', 'MESSAGE']);
  });

  it('answers 481 to a request with a To tag that matches no dialog (RFC 3261 §12.2.2)', async () => {
    core.handle('BYE', (incoming) => core.respond(incoming, 200));
    transport.deliver(request('BYE', { toTag: 'nope' }));
    await settle();
    expect(transport.statuses).toEqual([481]);
  });

  it('answers 500 to an in-dialog request whose CSeq is not above the last one (RFC 3261 §12.2.2)', async () => {
    core.handle('INVITE', (incoming) => {
      const dialog = Dialog.fromUas(incoming.request, incoming.localTag, { transport });
      core.addDialog(dialog);
      core.respond(incoming, 200);
    });
    core.handle('INFO', (incoming) => core.respond(incoming, 200));
    transport.deliver(request('INVITE', { cseq: 5 }));
    await settle();
    const tag = (transport.sent[0]!.message as SipResponse).to.tag!;
    transport.deliver(request('INFO', { toTag: tag, cseq: 6, branch: 'z9hG4bKinfo1' }));
    transport.deliver(request('INFO', { toTag: tag, cseq: 6, branch: 'z9hG4bKinfo2' }));
    await settle();
    expect(transport.statuses).toEqual([200, 200, 500]);
    core.close();
  });

  it('answers 482 to a merged request (RFC 3261 §8.2.2.2)', async () => {
    core.handle('MESSAGE', () => undefined);
    transport.deliver(request('MESSAGE'));
    transport.deliver(request('MESSAGE', { branch: 'z9hG4bKother-path' }));
    await settle();
    expect(transport.statuses).toEqual([482]);
  });

  it('treats a request as merged only while the first one\'s transaction lives (Timer J), then answers it anew', async () => {
    core.handle('MESSAGE', (incoming) => core.respond(incoming, 200));
    transport.deliver(request('MESSAGE'));
    await settle();
    transport.deliver(request('MESSAGE', { branch: 'z9hG4bKother-path' }));
    await settle();
    clock.advance(64 * 500);
    transport.deliver(request('MESSAGE', { branch: 'z9hG4bKthird-path' }));
    await settle();
    expect(transport.statuses).toEqual([200, 482, 200]);
  });

  it('logs an INVITE whose non-2xx final response never got its ACK (Timer H)', async () => {
    const warnings: string[] = [];
    core.close();
    core = new UserAgentCore({ transport, clock, logger: { debug: () => undefined, warn: (m) => warnings.push(m) } });
    core.start();
    core.handle('INVITE', (incoming) => core.respond(incoming, 486));
    transport.deliver(request('INVITE'));
    await settle();
    clock.advance(64 * 500);
    expect(transport.statuses.at(-1)).toBe(486);
    expect(warnings).toEqual(['INVITE transaction timed out waiting for ACK']);
  });

  it('sends 400 naming the problem for a broken header, and 505 for another version', async () => {
    transport.deliver(request('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: 99999999999 OPTIONS'));
    transport.deliver(request('OPTIONS', { branch: 'z9hG4bKv' }).replace(' SIP/2.0\r\n', ' SIP/3.0\r\n'));
    await settle();
    expect(transport.statuses).toEqual([400, 505]);
    expect((transport.sent[0]!.message as SipResponse).reason).toBe('Bad Request (invalid or missing CSeq)');
  });

  it('retransmits a 2xx to INVITE at T1, 2T1, 4T1 … capped at T2 until the ACK (RFC 3261 §13.3.1.4)', async () => {
    core.handle('INVITE', (incoming) => {
      const tag = newTag();
      const dialog = Dialog.fromUas(incoming.request, tag, { transport });
      core.addDialog(dialog);
      core.respond(incoming, 200, { toTag: tag, body: 'v=0\r\n', contentType: 'application/sdp' });
    });
    transport.deliver(request('INVITE', { body: 'v=0\r\n' }));
    await settle();
    clock.advance(7_500);
    await settle();
    expect(transport.sent.map((s) => s.at)).toEqual([0, 500, 1500, 3500, 7500]);
    const ok = transport.sent[0]!.message as SipResponse;
    expect(new Set(transport.sent.map((s) => s.text)).size).toBe(1);
    const acks: string[] = [];
    core.onAck = (ack) => acks.push(ack.method);
    transport.deliver(request('ACK', { toTag: ok.to.tag!, branch: 'z9hG4bKack1', cseqMethod: 'ACK' }));
    clock.advance(60_000);
    await settle();
    expect(transport.sent).toHaveLength(5);
    expect(acks).toEqual(['ACK']);
  });

  it('gives up on a 2xx without ACK after 64*T1 and says so', async () => {
    let noAck = 0;
    core.handle('INVITE', (incoming) => core.respond(incoming, 200, { toTag: 't', onNoAck: () => noAck++ }));
    transport.deliver(request('INVITE'));
    await settle();
    clock.advance(32_000);
    await settle();
    expect(noAck).toBe(1);
    expect(transport.sent.at(-1)!.at).toBeLessThan(32_000);
    expect(transport.sent.map((s) => s.at)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
  });

  it('answers CANCEL with 200 and the pending INVITE with 487 (RFC 3261 §9.2)', async () => {
    let cancelled = 0;
    core.handle('INVITE', (incoming) => core.respond(incoming, 180, { toTag: 'r1' }));
    core.onCancel = () => cancelled++;
    transport.deliver(request('INVITE'));
    transport.deliver(request('CANCEL', { cseqMethod: 'CANCEL' }));
    await settle();
    expect(transport.statuses).toEqual([180, 200, 487]);
    expect(cancelled).toBe(1);
    transport.deliver(request('CANCEL', { branch: 'z9hG4bKunknown', cseqMethod: 'CANCEL' }));
    await settle();
    expect(transport.statuses.at(-1)).toBe(481);
  });

  it('drops responses with more than one Via and stray responses', async () => {
    const stray: number[] = [];
    core.onStrayResponse = (response) => stray.push(response.status);
    transport.deliver('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\r\nVia: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKy\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
    transport.deliver('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
    await settle();
    expect(stray).toEqual([200]);
    expect(transport.sent).toEqual([]);
  });

  it('answers 500 when a handler throws, and keeps running', async () => {
    core.handle('MESSAGE', () => {
      throw new Error('application bug');
    });
    transport.deliver(request('MESSAGE'));
    transport.deliver(request('OPTIONS', { branch: 'z9hG4bKafter' }));
    await settle();
    expect(transport.statuses).toEqual([500, 200]);
  });

  it('answers 415 with Accept for a body type it does not understand, unless the handler takes that type (RFC 3261 §8.2.3)', async () => {
    const json = (method: string, branch: string) => request(method, { body: '{"a":1}', branch }).replace('application/sdp', 'application/json');
    const bodies: string[] = [];
    core.handle('MESSAGE', (incoming) => {
      bodies.push(incoming.request.bodyText);
      core.respond(incoming, 200);
    }, { accept: ['*/*'] });
    core.handle('INFO', (incoming) => core.respond(incoming, 200));
    transport.deliver(json('MESSAGE', 'z9hG4bKj1'));
    transport.deliver(json('INFO', 'z9hG4bKj2'));
    await settle();
    expect(transport.statuses).toEqual([200, 415]);
    expect(bodies).toEqual(['{"a":1}']);
    expect(transport.sent[1]!.message.rawHeader('Accept')).toBe('application/sdp, text/plain');
  });

  it('answers 415 with the handler\'s own Accept list when the handler names its types', async () => {
    core.handle('MESSAGE', (incoming) => core.respond(incoming, 200), { accept: ['text/plain', 'application/im-iscomposing+xml'] });
    transport.deliver(request('MESSAGE', { body: 'v=0\r\n' }));
    await settle();
    expect(transport.statuses).toEqual([415]);
    expect(transport.sent[0]!.message.rawHeader('Accept')).toBe('text/plain, application/im-iscomposing+xml');
  });

  it('leaves no timer behind after close()', async () => {
    core.handle('INVITE', (incoming) => core.respond(incoming, 200, { toTag: 't' }));
    transport.deliver(request('INVITE'));
    transport.deliver(request('OPTIONS', { branch: 'z9hG4bKo' }));
    await settle();
    core.close();
    expect(clock.pending).toBe(0);
  });
});
