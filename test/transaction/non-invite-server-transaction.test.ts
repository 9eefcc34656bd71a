import { describe, expect, it } from 'vitest';
import { NonInviteServerTransaction, TransactionLayer } from '../../src/transaction/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { TransportError } from '../../src/transport/transport.js';
import { FakeTransport, flushSends } from './support/fake-transport.js';
import { makeRequest, responseTo, wire } from './support/messages.js';
import { RecordingServerUser } from './support/recording-user.js';

function setup(options: { reliable?: boolean } = {}) {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock, { reliable: options.reliable ?? false });
  const layer = new TransactionLayer({ clock });
  const user = new RecordingServerUser();
  const request = makeRequest({ method: 'MESSAGE' });
  const flow = { transport, peer: transport.peer };
  const result = layer.receiveRequest(request, flow);
  if (result.kind !== 'new' || !(result.transaction instanceof NonInviteServerTransaction)) throw new Error('expected a new non-INVITE server transaction');
  result.transaction.user = user;
  return { clock, transport, layer, user, request, flow, tx: result.transaction };
}

describe('NonInviteServerTransaction', () => {
  it('starts in Trying, sends nothing on its own, and discards retransmissions until the TU responds', () => {
    const { clock, transport, tx, request, layer, flow } = setup();
    expect(tx.state).toBe('Trying');
    clock.advance(10_000);
    expect(layer.receiveRequest(request, flow)).toEqual({ kind: 'retransmission', transaction: tx });
    expect(transport.sent).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('moves to Proceeding on a 1xx and answers retransmissions with it', () => {
    const { clock, transport, tx, request, layer, flow } = setup();
    const trying = responseTo(request, 100, 'Trying');
    expect(tx.respond(trying)).toBe(true);
    expect(tx.state).toBe('Proceeding');
    clock.advance(500);
    layer.receiveRequest(request, flow);
    expect(transport.texts).toEqual([wire(trying), wire(trying)]);
    expect(transport.times).toEqual([0, 500]);
  });

  it('moves to Completed on a final response, re-sends it for each retransmission, discards later responses, and ends on Timer J', () => {
    const { clock, transport, tx, user, request, layer, flow } = setup();
    tx.respond(responseTo(request, 100, 'Trying'));
    clock.advance(100);
    const ok = responseTo(request, 200, 'OK', 'n1');
    expect(tx.respond(ok)).toBe(true);
    expect(tx.state).toBe('Completed');
    expect(tx.respond(responseTo(request, 500, 'Server Error', 'n1'))).toBe(false);
    clock.advance(1000);
    layer.receiveRequest(request, flow);
    clock.advance(2000);
    layer.receiveRequest(request, flow);
    expect(transport.texts.slice(1)).toEqual([wire(ok), wire(ok), wire(ok)]);
    expect(transport.times).toEqual([0, 100, 1100, 3100]);
    clock.advance(32_000 - 3000 - 1);
    expect(tx.state).toBe('Completed');
    clock.advance(1); // Timer J = 64*T1 after entering Completed
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['terminated Terminated']);
    expect(clock.pending).toBe(0);
    expect(layer.receiveRequest(request, flow).kind).toBe('new');
  });

  it('goes straight from Trying to Completed, with Timer J = 0 on a reliable flow', () => {
    const { clock, tx, request } = setup({ reliable: true });
    tx.respond(responseTo(request, 404, 'Not Found', 'n1'));
    expect(tx.state).toBe('Completed');
    clock.advance(0);
    expect(tx.state).toBe('Terminated');
  });

  it('terminates and informs the TU on a transport error', async () => {
    const { clock, transport, tx, user, request, layer, flow } = setup();
    tx.respond(responseTo(request, 200, 'OK', 'n1'));
    transport.failing = new TransportError('gone', 'UDP 192.0.2.9:5060');
    layer.receiveRequest(request, flow);
    await flushSends();
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['transport error in Terminated', 'terminated Terminated']);
    expect(clock.pending).toBe(0);
    expect(layer.transactionCount).toBe(0);
  });
});
