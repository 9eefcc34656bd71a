import { describe, expect, it } from 'vitest';
import { NonInviteClientTransaction, TransactionLayer } from '../../src/transaction/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { TransportError } from '../../src/transport/transport.js';
import { FakeTransport, flushSends } from './support/fake-transport.js';
import { makeRequest, responseTo, wire } from './support/messages.js';
import { RecordingClientUser } from './support/recording-user.js';

function setup(options: { reliable?: boolean; T2?: number } = {}) {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock, { reliable: options.reliable ?? false });
  const layer = new TransactionLayer({ clock, timers: options.T2 === undefined ? {} : { T2: options.T2 } });
  const user = new RecordingClientUser();
  const request = makeRequest({ method: 'OPTIONS' });
  const tx = layer.sendRequest(request, { transport, peer: transport.peer }, user);
  if (!(tx instanceof NonInviteClientTransaction)) throw new Error('expected a non-INVITE client transaction');
  return { clock, transport, layer, user, request, tx };
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

describe('NonInviteClientTransaction: Trying', () => {
  it('retransmits the same bytes on Timer E at 500, 1000, 2000, 4000, 4000 … ms, then times out on Timer F', () => {
    const { clock, transport, tx, user, request, layer } = setup();
    expect(tx.state).toBe('Trying');
    clock.advance(31_999);
    expect(gaps(transport.times)).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000]);
    expect(transport.times.at(-1)).toBe(31_500);
    for (const text of transport.texts) expect(text).toBe(wire(request));
    expect(tx.state).toBe('Trying');
    clock.advance(1); // Timer F = 64*T1
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['timeout in Terminated', 'terminated Terminated']);
    expect(clock.pending).toBe(0);
    expect(layer.transactionCount).toBe(0);
  });

  it('caps Timer E at a configured T2', () => {
    const { clock, transport } = setup({ T2: 1000 });
    clock.advance(5000);
    expect(gaps(transport.times)).toEqual([500, 1000, 1000, 1000, 1000]);
  });

  it('does not retransmit over a reliable flow; Timer F still fires', () => {
    const { clock, transport, tx, user } = setup({ reliable: true });
    expect(clock.pending).toBe(1);
    clock.advance(32_000);
    expect(transport.times).toEqual([0]);
    expect(tx.state).toBe('Terminated');
    expect(user.events[0]).toBe('timeout in Terminated');
  });
});

describe('NonInviteClientTransaction: Proceeding', () => {
  it('moves to Proceeding on a 1xx, after which Timer E fires every T2', () => {
    const { clock, transport, tx, user, request, layer } = setup();
    clock.advance(600);
    layer.receiveResponse(responseTo(request, 100, 'Trying'));
    expect(tx.state).toBe('Proceeding');
    clock.advance(20_000 - 600);
    // The Timer E already running (due at 1500) fires, then every T2 = 4 s (RFC 3261 §17.1.2.2).
    expect(transport.times).toEqual([0, 500, 1500, 5500, 9500, 13_500, 17_500]);
    for (const text of transport.texts) expect(text).toBe(wire(request));
    layer.receiveResponse(responseTo(request, 100, 'Trying'));
    expect(user.events).toEqual(['response 100 in Proceeding', 'response 100 in Proceeding']);
  });

  it('times out on Timer F in Proceeding', () => {
    const { clock, tx, user, request, layer } = setup();
    layer.receiveResponse(responseTo(request, 100, 'Trying'));
    clock.advance(32_000);
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['response 100 in Proceeding', 'timeout in Terminated', 'terminated Terminated']);
  });
});

describe('NonInviteClientTransaction: Completed', () => {
  it('passes the final response up once, absorbs retransmissions, stops Timer E and F, and ends on Timer K = T4', () => {
    const { clock, transport, tx, user, request, layer } = setup();
    clock.advance(700);
    const ok = responseTo(request, 200, 'OK', 'x1');
    layer.receiveResponse(ok);
    expect(tx.state).toBe('Completed');
    expect(layer.receiveResponse(ok).kind).toBe('matched');
    expect(layer.receiveResponse(responseTo(request, 100, 'Trying')).kind).toBe('matched');
    expect(user.events).toEqual(['response 200 in Completed']);
    clock.advance(4999);
    expect(tx.state).toBe('Completed');
    expect(transport.times).toEqual([0, 500]);
    clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['response 200 in Completed', 'terminated Terminated']);
    expect(clock.pending).toBe(0);
  });

  it('reaches Completed from Proceeding too', () => {
    const { tx, request, layer, user } = setup();
    layer.receiveResponse(responseTo(request, 100, 'Trying'));
    layer.receiveResponse(responseTo(request, 404, 'Not Found', 'x1'));
    expect(tx.state).toBe('Completed');
    expect(user.events).toEqual(['response 100 in Proceeding', 'response 404 in Completed']);
  });

  it('uses Timer K = 0 on a reliable flow', () => {
    const { clock, tx, request, layer } = setup({ reliable: true });
    layer.receiveResponse(responseTo(request, 200, 'OK', 'x1'));
    expect(tx.state).toBe('Completed');
    clock.advance(0);
    expect(tx.state).toBe('Terminated');
  });
});

describe('NonInviteClientTransaction: transport errors', () => {
  it('terminates and informs the TU when a Timer E retransmission fails', async () => {
    const { clock, transport, tx, user } = setup();
    transport.failing = new TransportError('gone', 'UDP 192.0.2.9:5060');
    clock.advance(500);
    await flushSends();
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['transport error in Terminated', 'terminated Terminated']);
    expect(clock.pending).toBe(0);
  });

  it('reports a synchronous throw from the transport the same way', async () => {
    const clock = new FakeClock();
    const transport = new FakeTransport(clock);
    transport.send = () => {
      throw new Error('boom');
    };
    const layer = new TransactionLayer({ clock });
    const user = new RecordingClientUser();
    const tx = layer.sendRequest(makeRequest({ method: 'REGISTER' }), { transport, peer: transport.peer }, user);
    expect(tx.state).toBe('Trying');
    await flushSends();
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['transport error in Terminated', 'terminated Terminated']);
  });
});
