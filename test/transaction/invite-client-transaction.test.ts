import { beforeEach, describe, expect, it } from 'vitest';
import { InviteClientTransaction, TransactionLayer } from '../../src/transaction/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { TransportError } from '../../src/transport/transport.js';
import { FakeTransport, flushSends } from './support/fake-transport.js';
import { makeRequest, responseTo, wire } from './support/messages.js';
import { RecordingClientUser } from './support/recording-user.js';

const CRLF = '\r\n';

function setup(options: { reliable?: boolean; T1?: number } = {}) {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock, { reliable: options.reliable ?? false });
  const layer = new TransactionLayer({ clock, timers: options.T1 === undefined ? {} : { T1: options.T1 } });
  const user = new RecordingClientUser();
  const invite = makeRequest({ routes: ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'] });
  const tx = layer.sendRequest(invite, { transport, peer: transport.peer }, user);
  if (!(tx instanceof InviteClientTransaction)) throw new Error('expected an INVITE client transaction');
  return { clock, transport, layer, user, invite, tx };
}

const expectedAck = [
  'ACK sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bKnashds8',
  'Route: <sip:p1.example.com;lr>',
  'Route: <sip:p2.example.com;lr>',
  'Max-Forwards: 70',
  'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 ACK',
  'Content-Length: 0',
].join(CRLF) + CRLF + CRLF;

describe('InviteClientTransaction: Calling', () => {
  it('sends the INVITE to the flow peer and retransmits the same bytes on Timer A, doubling, until Timer B', () => {
    const { clock, transport, tx, user, invite, layer } = setup();
    expect(tx.state).toBe('Calling');
    expect(transport.sent[0]!.to).toEqual(transport.peer);
    clock.advance(31_999);
    // Timer A: 500, 1000, 2000, 4000, 8000, 16000 ms apart — no cap for INVITE (RFC 3261 §17.1.1.2).
    expect(transport.times).toEqual([0, 500, 1500, 3500, 7500, 15_500, 31_500]);
    const gaps = transport.times.slice(1).map((t, i) => t - transport.times[i]!);
    expect(gaps).toEqual([500, 1000, 2000, 4000, 8000, 16_000]);
    for (const text of transport.texts) expect(text).toBe(wire(invite));
    expect(tx.state).toBe('Calling');
    expect(user.events).toEqual([]);

    clock.advance(1); // Timer B = 64*T1 = 32 s
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['timeout in Terminated', 'terminated Terminated']);
    expect(transport.sent).toHaveLength(7); // no ACK on timeout
    expect(clock.pending).toBe(0);
    expect(layer.transactionCount).toBe(0);
  });

  it('follows a configured T1 for Timer A and Timer B', () => {
    const { clock, transport, tx } = setup({ T1: 100 });
    clock.advance(6399);
    expect(transport.times).toEqual([0, 100, 300, 700, 1500, 3100, 6300]);
    expect(tx.state).toBe('Calling');
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
  });

  it('does not retransmit over a reliable flow; Timer B still fires', () => {
    const { clock, transport, tx, user } = setup({ reliable: true });
    expect(clock.pending).toBe(1);
    clock.advance(31_999);
    expect(transport.times).toEqual([0]);
    expect(tx.state).toBe('Calling');
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['timeout in Terminated', 'terminated Terminated']);
  });
});

describe('InviteClientTransaction: Proceeding', () => {
  it('moves to Proceeding on a 1xx, passes every 1xx up, and stops retransmitting and Timer B', () => {
    const { clock, transport, tx, user, invite, layer } = setup();
    clock.advance(600);
    expect(layer.receiveResponse(responseTo(invite, 100, 'Trying')).kind).toBe('matched');
    expect(tx.state).toBe('Proceeding');
    layer.receiveResponse(responseTo(invite, 180, 'Ringing', 'a6c85cf'));
    layer.receiveResponse(responseTo(invite, 180, 'Ringing', 'a6c85cf'));
    expect(user.events).toEqual(['response 100 in Proceeding', 'response 180 in Proceeding', 'response 180 in Proceeding']);
    expect(clock.pending).toBe(0);
    clock.advance(120_000);
    expect(transport.times).toEqual([0, 500]);
    expect(tx.state).toBe('Proceeding');
  });
});

describe('InviteClientTransaction: Completed', () => {
  it('builds the ACK for a 300-699 response per §17.1.1.3 and sends it to the same peer', () => {
    const { clock, transport, tx, user, invite, layer } = setup();
    clock.advance(700);
    layer.receiveResponse(responseTo(invite, 486, 'Busy Here', 'a6c85cf'));
    expect(tx.state).toBe('Completed');
    expect(transport.sent).toHaveLength(3); // INVITE, retransmission at 500, ACK
    expect(transport.sent[2]).toEqual({ at: 700, to: transport.peer, text: expectedAck });
    expect(wire(tx.ackRequest!)).toBe(expectedAck);
    expect(user.events).toEqual(['response 486 in Completed']);
  });

  it('re-sends the same ACK for each retransmitted final response without telling the TU, until Timer D', () => {
    const { clock, transport, tx, user, invite, layer } = setup();
    clock.advance(100);
    layer.receiveResponse(responseTo(invite, 180, 'Ringing', 'a6c85cf'));
    clock.advance(100);
    const busy = responseTo(invite, 486, 'Busy Here', 'a6c85cf');
    layer.receiveResponse(busy);
    expect(tx.state).toBe('Completed');
    clock.advance(500);
    expect(layer.receiveResponse(busy).kind).toBe('matched');
    clock.advance(1000);
    layer.receiveResponse(busy);
    expect(transport.times).toEqual([0, 200, 700, 1700]);
    expect(transport.texts.slice(1)).toEqual([expectedAck, expectedAck, expectedAck]);
    expect(user.events).toEqual(['response 180 in Proceeding', 'response 486 in Completed']);

    // Timer D: 32 s after entering Completed on an unreliable flow.
    clock.advance(32_000 - 1500 - 1);
    expect(tx.state).toBe('Completed');
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(user.events.at(-1)).toBe('terminated Terminated');
    expect(clock.pending).toBe(0);
    expect(layer.receiveResponse(busy).kind).toBe('stray');
  });

  it('uses Timer D = 0 on a reliable flow', () => {
    const { clock, transport, tx, invite, layer } = setup({ reliable: true });
    layer.receiveResponse(responseTo(invite, 603, 'Decline', 'a6c85cf'));
    expect(tx.state).toBe('Completed');
    expect(transport.texts).toEqual([wire(invite), expectedAck]);
    clock.advance(0);
    expect(tx.state).toBe('Terminated');
  });
});

describe('InviteClientTransaction: Accepted (RFC 6026)', () => {
  it('passes a 2xx up, sends no ACK itself, and passes every further 2xx up until Timer M', () => {
    const { clock, transport, tx, user, invite, layer } = setup();
    clock.advance(100);
    layer.receiveResponse(responseTo(invite, 180, 'Ringing', 'a6c85cf'));
    clock.advance(100);
    const ok = responseTo(invite, 200, 'OK', 'a6c85cf');
    layer.receiveResponse(ok);
    expect(tx.state).toBe('Accepted');
    clock.advance(1000);
    expect(layer.receiveResponse(ok).kind).toBe('matched'); // retransmitted 2xx
    expect(layer.receiveResponse(responseTo(invite, 200, 'OK', 'forked2')).kind).toBe('matched'); // 2xx from a second fork
    expect(layer.receiveResponse(responseTo(invite, 486, 'Busy Here', 'forked3')).kind).toBe('matched'); // absorbed
    expect(layer.receiveResponse(responseTo(invite, 183, 'Session Progress', 'forked3')).kind).toBe('matched'); // absorbed
    expect(user.events).toEqual([
      'response 180 in Proceeding',
      'response 200 in Accepted',
      'response 200 in Accepted',
      'response 200 in Accepted',
    ]);
    expect(user.responses[3]!.to.tag).toBe('forked2');
    expect(transport.texts).toEqual([wire(invite)]); // no ACK, no retransmission

    // Timer M = 64*T1 after entering Accepted.
    clock.advance(32_000 - 1000 - 1);
    expect(tx.state).toBe('Accepted');
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(user.events.at(-1)).toBe('terminated Terminated');
    expect(layer.receiveResponse(ok).kind).toBe('stray'); // now the core's stray 2xx
    expect(clock.pending).toBe(0);
  });

  it('enters Accepted straight from Calling and stops Timer A', () => {
    const { clock, transport, tx, invite, layer } = setup();
    clock.advance(600);
    layer.receiveResponse(responseTo(invite, 200, 'OK', 'a6c85cf'));
    expect(tx.state).toBe('Accepted');
    clock.advance(31_999);
    expect(transport.times).toEqual([0, 500]);
  });
});

describe('InviteClientTransaction: transport errors', () => {
  it('terminates and informs the TU when the INVITE cannot be sent', async () => {
    const clock = new FakeClock();
    const transport = new FakeTransport(clock);
    transport.failing = new TransportError('unreachable', 'UDP 192.0.2.9:5060');
    const layer = new TransactionLayer({ clock });
    const user = new RecordingClientUser();
    const tx = layer.sendRequest(makeRequest(), { transport, peer: transport.peer }, user);
    await flushSends();
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['transport error in Terminated', 'terminated Terminated']);
    expect(user.errors[0]).toBe(transport.failing);
    expect(clock.pending).toBe(0);
    expect(layer.transactionCount).toBe(0);
  });

  it('terminates when a Timer A retransmission fails', async () => {
    const { clock, transport, tx, user } = setup();
    transport.failing = new TransportError('gone', 'UDP 192.0.2.9:5060');
    clock.advance(500);
    await flushSends();
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['transport error in Terminated', 'terminated Terminated']);
    expect(clock.pending).toBe(0);
  });

  it('terminates when the ACK cannot be sent, and wraps a plain Error in a TransportError', async () => {
    const clock = new FakeClock();
    const transport = new FakeTransport(clock);
    const layer = new TransactionLayer({ clock });
    const user = new RecordingClientUser();
    const invite = makeRequest();
    const tx = layer.sendRequest(invite, { transport, peer: transport.peer }, user);
    transport.send = () => Promise.reject(new Error('socket closed'));
    layer.receiveResponse(responseTo(invite, 404, 'Not Found', 'x'));
    expect(tx.state).toBe('Completed');
    await flushSends();
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['response 404 in Completed', 'transport error in Terminated', 'terminated Terminated']);
    expect(user.errors[0]).toBeInstanceOf(TransportError);
    expect(user.errors[0]!.message).toContain('socket closed');
    expect(user.errors[0]!.peer).toBe('UDP 192.0.2.9:5060');
  });
});

describe('TransactionLayer.sendRequest', () => {
  let clock: FakeClock;
  let transport: FakeTransport;
  let layer: TransactionLayer;
  beforeEach(() => {
    clock = new FakeClock();
    transport = new FakeTransport(clock);
    layer = new TransactionLayer({ clock });
  });

  it('refuses ACK, a request without a branch, and a second transaction with the same branch and method', () => {
    const flow = { transport, peer: transport.peer };
    const user = new RecordingClientUser();
    expect(() => layer.sendRequest(makeRequest({ method: 'ACK' }), flow, user)).toThrow(TypeError);
    const noBranch = makeRequest();
    noBranch.via.branch = undefined;
    expect(() => layer.sendRequest(noBranch, flow, user)).toThrow(TypeError);
    layer.sendRequest(makeRequest(), flow, user);
    expect(() => layer.sendRequest(makeRequest(), flow, user)).toThrow(/already exists/);
    // CANCEL shares the INVITE's branch but is its own transaction (RFC 3261 §9.1, §17.1.3).
    expect(() => layer.sendRequest(makeRequest({ method: 'CANCEL' }), flow, user)).not.toThrow();
    expect(layer.transactionCount).toBe(2);
  });
});
