import { beforeEach, describe, expect, it } from 'vitest';
import { Dialog } from '../../src/core/dialog/index.js';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import { parseMessage, type SipRequest, type SipResponse } from '../../src/syntax/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { REMOTE, request, ScriptedTransport } from './support/scripted-transport.js';
import { settle } from '../support/settle.js';

// The core's one entry point for what the network sends (issue 7): whatever happens while a message
// is handled is answered or logged there, never thrown back into the transport's callback.

let clock: FakeClock;
let transport: ScriptedTransport;
let core: UserAgentCore;
let log: string[];

beforeEach(() => {
  clock = new FakeClock();
  transport = new ScriptedTransport(clock);
  log = [];
  core = new UserAgentCore({
    transport,
    clock,
    logger: { debug: (m) => log.push(`debug ${m}`), warn: (m) => log.push(`warn ${m}`), error: (m) => log.push(`error ${m}`) },
  });
  core.start();
});

const errors = () => log.filter((line) => line.startsWith('error '));

/** An INVITE this core sends, and the text of a response to it. */
function outgoingInvite(): { invite: SipRequest; answer: (status: number, extra?: string) => string } {
  const invite = parseMessage(
    'INVITE sip:bob@192.0.2.7 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKout1\r\nMax-Forwards: 70\r\n' +
      'From: <sip:alice@192.0.2.1>;tag=a1\r\nTo: <sip:bob@192.0.2.7>\r\nCall-ID: out-1\r\nCSeq: 1 INVITE\r\n' +
      'Contact: <sip:alice@192.0.2.1>\r\nContent-Length: 0\r\n\r\n',
  ) as SipRequest;
  const answer = (status: number, extra = '') =>
    `SIP/2.0 ${status} Whatever\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKout1\r\nFrom: <sip:alice@192.0.2.1>;tag=a1\r\n` +
    `To: <sip:bob@192.0.2.7>;tag=b1\r\nCall-ID: out-1\r\nCSeq: 1 INVITE\r\n${extra}Content-Length: 0\r\n\r\n`;
  return { invite, answer };
}

describe('UserAgentCore entry guards', () => {
  it('logs a transaction user that throws at error level; the transaction still ACKs the final response and ends', async () => {
    const { invite, answer } = outgoingInvite();
    const ended: string[] = [];
    core.send(invite, REMOTE, {
      onResponse: () => {
        throw new Error('TU bug');
      },
      onTimeout: () => undefined,
      onTransportError: () => undefined,
      onTerminated: () => ended.push('terminated'),
    });
    expect(() => transport.deliver(answer(486))).not.toThrow();
    await settle();
    expect(transport.requests.map((r) => r.method)).toEqual(['INVITE', 'ACK']);
    expect(errors()).toEqual([expect.stringMatching(/^error the user of a INVITE transaction threw: Error: TU bug\n\s+at /)]);
    clock.advance(32_000);
    expect(ended).toEqual(['terminated']);
  });

  it('answers 500 when a request handler throws, and logs it at error level with the stack', async () => {
    core.handle('MESSAGE', () => {
      throw new TypeError('handler bug');
    });
    transport.deliver(request('MESSAGE'));
    await settle();
    expect(transport.statuses).toEqual([500]);
    expect(errors()).toEqual([expect.stringMatching(/^error MESSAGE handler failed: TypeError: handler bug\n\s+at /)]);
  });

  it('logs and drops what escapes while a message is handled, e.g. a throwing onStrayResponse, and keeps answering', async () => {
    core.onStrayResponse = () => {
      throw new Error('application bug');
    };
    expect(() => transport.deliver(outgoingInvite().answer(200))).not.toThrow();
    expect(errors()).toEqual([expect.stringMatching(/^error a 200 response from 192\.0\.2\.7:5070 dropped after an internal error: Error: application bug/)]);
    transport.deliver(request('OPTIONS'));
    await settle();
    expect(transport.statuses).toEqual([200]);
  });

  it('drops and logs a response whose Via or CSeq cannot be read, and one carrying our branch with another Call-ID', async () => {
    const { invite, answer } = outgoingInvite();
    const seen: number[] = [];
    core.send(invite, REMOTE, { onResponse: (r: SipResponse) => seen.push(r.status), onTimeout: () => undefined, onTransportError: () => undefined });
    transport.deliver(answer(180).replace('CSeq: 1 INVITE', 'CSeq: one INVITE'));
    transport.deliver(answer(180).replace('Call-ID: out-1', 'Call-ID: someone-else'));
    transport.deliver(answer(180));
    expect(seen).toEqual([180]);
    expect(log.filter((l) => l.startsWith('warn'))).toEqual([
      expect.stringMatching(/^warn malformed response dropped: CSeq/),
      'warn response 180 INVITE dropped: it carries the branch of a request of ours, but Call-ID someone-else is not the request\'s out-1',
    ]);
  });

  it('answers 400 to a target refresh whose Contact cannot be a target, inside the dialog', async () => {
    core.handle('INVITE', (incoming) => {
      if (incoming.dialog === undefined) core.addDialog(Dialog.fromUas(incoming.request, incoming.localTag, { transport }));
      core.respond(incoming, 200, { headers: [['Contact', '<sip:uas@192.0.2.1>']] });
    });
    transport.deliver(request('INVITE', { cseq: 1 }));
    await settle();
    const tag = (transport.sent[0]!.message as SipResponse).to.tag!;
    transport.deliver(request('ACK', { toTag: tag, cseq: 1, branch: 'z9hG4bKack1' }));
    transport.deliver(request('INVITE', { toTag: tag, cseq: 2, branch: 'z9hG4bKreinv', extra: 'Contact: *\r\n' }).replace('Contact: <sip:uac@192.0.2.7:5070>\r\n', ''));
    await settle();
    expect(transport.sent.map((s) => s.text.split('\r\n')[0])).toEqual(['SIP/2.0 200 OK', 'SIP/2.0 400 Bad Request (unusable Contact)']);
    expect(errors()).toEqual([]);
  });
});
