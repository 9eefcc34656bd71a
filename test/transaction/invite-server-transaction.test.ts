import { describe, expect, it } from 'vitest';
import { InviteServerTransaction, TransactionLayer } from '../../src/transaction/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { TransportError } from '../../src/transport/transport.js';
import { FakeTransport, flushSends } from './support/fake-transport.js';
import { makeRequest, responseTo, wire } from './support/messages.js';
import { RecordingServerUser } from './support/recording-user.js';

const CRLF = '\r\n';

function setup(options: { reliable?: boolean; extra?: string[] } = {}) {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock, { reliable: options.reliable ?? false });
  const layer = new TransactionLayer({ clock });
  const user = new RecordingServerUser();
  const invite = makeRequest(options.extra === undefined ? {} : { extra: options.extra });
  const flow = { transport, peer: transport.peer };
  const result = layer.receiveRequest(invite, flow, user);
  if (result.kind !== 'new' || !(result.transaction instanceof InviteServerTransaction)) throw new Error('expected a new INVITE server transaction');
  return { clock, transport, layer, user, invite, flow, tx: result.transaction };
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

describe('InviteServerTransaction: Proceeding', () => {
  it('sends 100 Trying at 200 ms when the TU has not responded, copying Via, From, To, Call-ID, CSeq and Timestamp', () => {
    const { clock, transport, tx, invite, layer, flow } = setup({ extra: ['Timestamp: 54'] });
    expect(tx.state).toBe('Proceeding');
    clock.advance(199);
    expect(transport.sent).toEqual([]);
    clock.advance(1);
    const trying = [
      'SIP/2.0 100 Trying',
      'Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bKnashds8',
      'Via: SIP/2.0/UDP bigbox3.site3.example.com;branch=z9hG4bK77ef4c2312983.1',
      'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
      'To: Bob <sip:bob@biloxi.example.com>',
      'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
      'CSeq: 314159 INVITE',
      'Timestamp: 54 0.200',
      'Content-Length: 0',
    ].join(CRLF) + CRLF + CRLF;
    expect(transport.sent).toEqual([{ at: 200, to: transport.peer, text: trying }]);
    // A retransmitted INVITE gets the latest provisional again (RFC 3261 §17.2.1).
    clock.advance(300);
    expect(layer.receiveRequest(invite, flow)).toEqual({ kind: 'retransmission', transaction: tx });
    expect(transport.texts).toEqual([trying, trying]);
    expect(transport.times).toEqual([200, 500]);
    clock.advance(60_000);
    expect(transport.sent).toHaveLength(2); // provisional responses are not retransmitted by the transaction
    expect(tx.state).toBe('Proceeding');
  });

  it('sends no 100 Trying when the TU responds within 200 ms; INVITE retransmissions get the latest provisional', () => {
    const { clock, transport, tx, invite, layer, flow } = setup();
    expect(layer.receiveRequest(invite, flow).kind).toBe('retransmission');
    expect(transport.sent).toEqual([]); // nothing to repeat yet
    clock.advance(150);
    const ringing = responseTo(invite, 180, 'Ringing', 'b1');
    expect(tx.respond(ringing)).toBe(true);
    clock.advance(1000);
    layer.receiveRequest(invite, flow);
    const progress = responseTo(invite, 183, 'Session Progress', 'b1');
    tx.respond(progress);
    layer.receiveRequest(invite, flow);
    expect(transport.texts).toEqual([wire(ringing), wire(ringing), wire(progress), wire(progress)]);
    expect(transport.times).toEqual([150, 1150, 1150, 1150]);
    expect(tx.lastResponse).toBe(progress);
  });
});

describe('InviteServerTransaction: Completed and Confirmed', () => {
  it('retransmits a non-2xx final on Timer G (500, 1000, 2000, 4000, 4000 …) until Timer H, then reports the timeout', () => {
    const { clock, transport, tx, user, invite, layer } = setup();
    clock.advance(100);
    const busy = responseTo(invite, 486, 'Busy Here', 'b1');
    expect(tx.respond(busy)).toBe(true);
    expect(tx.state).toBe('Completed');
    clock.advance(31_999);
    expect(transport.times[0]).toBe(100);
    expect(gaps(transport.times)).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000]);
    for (const text of transport.texts) expect(text).toBe(wire(busy));
    expect(tx.state).toBe('Completed');
    clock.advance(1); // Timer H = 64*T1 after entering Completed
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['timeout in Terminated', 'terminated Terminated']);
    expect(clock.pending).toBe(0);
    expect(layer.transactionCount).toBe(0);
  });

  it('re-sends the final response for a retransmitted INVITE and discards later responses from the TU', () => {
    const { clock, transport, tx, invite, layer, flow } = setup();
    const busy = responseTo(invite, 486, 'Busy Here', 'b1');
    tx.respond(busy);
    clock.advance(100);
    expect(layer.receiveRequest(invite, flow).kind).toBe('retransmission');
    expect(tx.respond(responseTo(invite, 500, 'Server Error', 'b1'))).toBe(false);
    expect(tx.respond(responseTo(invite, 200, 'OK', 'b1'))).toBe(false);
    expect(transport.texts).toEqual([wire(busy), wire(busy)]);
    expect(transport.times).toEqual([0, 100]);
  });

  it('absorbs the ACK: Completed → Confirmed, Timer G stops, further ACKs and INVITEs are absorbed, Timer I = T4', () => {
    const { clock, transport, tx, user, invite, layer, flow } = setup();
    const busy = responseTo(invite, 486, 'Busy Here', 'b1');
    tx.respond(busy);
    clock.advance(600);
    const ack = makeRequest({ method: 'ACK', toTag: 'b1' });
    expect(layer.receiveRequest(ack, flow)).toEqual({ kind: 'retransmission', transaction: tx });
    expect(tx.state).toBe('Confirmed');
    expect(layer.receiveRequest(ack, flow).kind).toBe('retransmission');
    expect(layer.receiveRequest(invite, flow).kind).toBe('retransmission');
    clock.advance(4999);
    expect(transport.times).toEqual([0, 500]); // Timer G stopped at the ACK
    expect(tx.state).toBe('Confirmed');
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['terminated Terminated']);
    expect(clock.pending).toBe(0);
  });

  it('does not retransmit over a reliable flow; Timer H still fires; Timer I = 0', () => {
    const reliable = setup({ reliable: true });
    reliable.tx.respond(responseTo(reliable.invite, 486, 'Busy Here', 'b1'));
    reliable.clock.advance(31_999);
    expect(reliable.transport.times).toEqual([0]);
    reliable.clock.advance(1);
    expect(reliable.tx.state).toBe('Terminated');
    expect(reliable.user.events[0]).toBe('timeout in Terminated');

    const confirmed = setup({ reliable: true });
    confirmed.tx.respond(responseTo(confirmed.invite, 404, 'Not Found', 'b1'));
    confirmed.layer.receiveRequest(makeRequest({ method: 'ACK', toTag: 'b1' }), confirmed.flow);
    expect(confirmed.tx.state).toBe('Confirmed');
    confirmed.clock.advance(0);
    expect(confirmed.tx.state).toBe('Terminated');
  });
});

describe('InviteServerTransaction: Accepted (RFC 6026)', () => {
  it('sends a 2xx once, retransmits nothing itself, absorbs INVITEs, hands ACKs to the core, and ends on Timer L', () => {
    const { clock, transport, tx, user, invite, layer, flow } = setup();
    clock.advance(100);
    const ok = responseTo(invite, 200, 'OK', 'b1');
    expect(tx.respond(ok)).toBe(true);
    expect(tx.state).toBe('Accepted');
    clock.advance(10_000);
    expect(transport.texts).toEqual([wire(ok)]);
    expect(layer.receiveRequest(invite, flow)).toEqual({ kind: 'retransmission', transaction: tx });
    expect(transport.texts).toEqual([wire(ok)]);
    // The ACK for a 2xx has its own branch: no transaction matches, the core takes it.
    expect(layer.receiveRequest(makeRequest({ method: 'ACK', branch: 'z9hG4bKack2xx', toTag: 'b1' }), flow)).toEqual({ kind: 'ack' });
    // An ACK reusing the INVITE's branch matches, and in Accepted still goes to the core.
    expect(layer.receiveRequest(makeRequest({ method: 'ACK', toTag: 'b1' }), flow)).toEqual({ kind: 'ack', transaction: tx });
    expect(tx.state).toBe('Accepted');
    // The TU retransmits its 2xx through the transaction (RFC 3261 §13.3.1.4); anything else is discarded.
    expect(tx.respond(ok)).toBe(true);
    expect(tx.respond(responseTo(invite, 486, 'Busy Here', 'b1'))).toBe(false);
    expect(tx.respond(responseTo(invite, 180, 'Ringing', 'b1'))).toBe(false);
    expect(transport.texts).toEqual([wire(ok), wire(ok)]);
    expect(transport.times).toEqual([100, 10_100]);

    clock.advance(32_000 - 10_000 - 1);
    expect(tx.state).toBe('Accepted');
    clock.advance(1); // Timer L = 64*T1 after entering Accepted
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['terminated Terminated']);
    expect(clock.pending).toBe(0);
    // Gone: a late INVITE retransmission would now be a new request.
    expect(layer.receiveRequest(invite, flow).kind).toBe('new');
  });

  it('tells the TU of a transport error in Accepted and stays, so INVITE retransmissions are still absorbed', async () => {
    const { transport, tx, user, invite, layer, flow } = setup();
    transport.failing = new TransportError('gone', 'UDP 192.0.2.9:5060');
    tx.respond(responseTo(invite, 200, 'OK', 'b1'));
    await flushSends();
    expect(user.events).toEqual(['transport error in Accepted']);
    expect(tx.state).toBe('Accepted');
    expect(layer.receiveRequest(invite, flow).kind).toBe('retransmission');
  });
});

describe('InviteServerTransaction: transport errors', () => {
  it('terminates and informs the TU when a response cannot be sent in Proceeding', async () => {
    const { clock, transport, tx, user, invite } = setup();
    transport.failing = new TransportError('gone', 'UDP 192.0.2.9:5060');
    tx.respond(responseTo(invite, 180, 'Ringing', 'b1'));
    await flushSends();
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['transport error in Terminated', 'terminated Terminated']);
    expect(clock.pending).toBe(0);
  });

  it('terminates when a Timer G retransmission fails in Completed', async () => {
    const { clock, transport, tx, user, invite } = setup();
    tx.respond(responseTo(invite, 486, 'Busy Here', 'b1'));
    transport.failing = new TransportError('gone', 'UDP 192.0.2.9:5060');
    clock.advance(500);
    await flushSends();
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['transport error in Terminated', 'terminated Terminated']);
    expect(clock.pending).toBe(0);
  });
});
