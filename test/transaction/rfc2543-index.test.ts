import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as rfc2543 from '../../src/transaction/rfc2543-match.js';
import { TransactionLayer, type Flow } from '../../src/transaction/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { FakeTransport } from './support/fake-transport.js';
import { makeRequest, responseTo } from './support/messages.js';

// Issue 7: RFC 2543 transaction matching scanned every live transaction of the request's Call-ID, so a
// flood sharing one Call-ID (each request a new transaction) cost O(n) per request and starved the UA.
// Counting the full comparisons (matchesRfc2543) shows the index at work, independent of machine speed.
vi.mock('../../src/transaction/rfc2543-match.js', async (importOriginal) => {
  const original = await importOriginal<typeof rfc2543>();
  return { ...original, matchesRfc2543: vi.fn(original.matchesRfc2543) };
});

const compared = vi.mocked(rfc2543.matchesRfc2543);
let clock: FakeClock;
let layer: TransactionLayer;
let flow: Flow;

beforeEach(() => {
  clock = new FakeClock();
  const transport = new FakeTransport(clock);
  layer = new TransactionLayer({ clock });
  flow = { transport, peer: transport.peer };
  compared.mockClear();
});

describe('RFC 2543 matching index', () => {
  it('compares a new request with none of the 2,000 live transactions sharing its Call-ID', () => {
    const flood = 2000;
    for (let i = 1; i <= flood; i++) {
      expect(layer.receiveRequest(makeRequest({ method: 'OPTIONS', branch: `flood${i}`, callId: 'one-call-id', cseq: i }), flow).kind).toBe('new');
    }
    expect(layer.transactionCount).toBe(flood);
    expect(compared).not.toHaveBeenCalled();
    // A retransmission, an ACK and a CANCEL still find theirs, each with one full comparison.
    expect(layer.receiveRequest(makeRequest({ method: 'OPTIONS', branch: 'flood7', callId: 'one-call-id', cseq: 7 }), flow).kind).toBe('retransmission');
    expect(compared).toHaveBeenCalledTimes(1);
  });

  it('still finds the INVITE of an ACK and of a CANCEL among many transactions of the same Call-ID', () => {
    for (let i = 1; i <= 500; i++) layer.receiveRequest(makeRequest({ branch: `inv${i}`, callId: 'c', cseq: i }), flow);
    const invite = layer.receiveRequest(makeRequest({ branch: 'inv250', callId: 'c', cseq: 250 }), flow);
    expect(invite.kind).toBe('retransmission');
    compared.mockClear();
    const cancel = makeRequest({ method: 'CANCEL', branch: 'inv250', callId: 'c', cseq: 250 });
    expect(layer.findInviteServerTransaction(cancel)).toBe(invite.kind === 'retransmission' ? invite.transaction : undefined);
    expect(compared).toHaveBeenCalledTimes(1);
  });

  it('forgets a transaction from its index entry when it terminates', () => {
    const options = makeRequest({ method: 'OPTIONS', branch: 'x1', callId: 'c', cseq: 1 });
    const first = layer.receiveRequest(options, flow);
    layer.receiveRequest(makeRequest({ method: 'OPTIONS', branch: 'x2', callId: 'c', cseq: 2 }), flow);
    if (first.kind !== 'new') throw new Error('expected a new transaction');
    first.transaction.respond(responseTo(options, 200, 'OK', 't'));
    // RFC 3261 §17.2.2: Timer J (64*T1 over UDP) ends the answered transaction.
    clock.advance(layer.timers.timerJ);
    expect(layer.transactionCount).toBe(1);
    expect(layer.receiveRequest(makeRequest({ method: 'OPTIONS', branch: 'x1', callId: 'c', cseq: 1 }), flow).kind).toBe('new');
    expect(layer.receiveRequest(makeRequest({ method: 'OPTIONS', branch: 'x2', callId: 'c', cseq: 2 }), flow).kind).toBe('retransmission');
  });
});
