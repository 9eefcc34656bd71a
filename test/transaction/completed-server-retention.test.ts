import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { InviteServerTransaction, NonInviteServerTransaction, TransactionLayer } from '../../src/transaction/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { FakeTransport } from './support/fake-transport.js';
import { makeRequest, responseTo, wire } from './support/messages.js';

// A UAS answering hundreds of calls a second holds every answered INVITE for Timer L and every
// answered BYE for Timer J (32 s each over UDP): what a transaction keeps then is kept per call.
function setup(request = makeRequest()) {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock, { reliable: false });
  const layer = new TransactionLayer({ clock });
  const flow = { transport, peer: transport.peer };
  const result = layer.receiveRequest(request, flow);
  if (result.kind !== 'new') throw new Error('expected a new server transaction');
  return { clock, transport, layer, flow, request, tx: result.transaction };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('what an answered server transaction keeps', () => {
  it('a non-INVITE in Completed over UDP keeps the final response only in its wire form: neither the response object nor the request stays alive', async () => {
    const clock = new FakeClock();
    const transport = new FakeTransport(clock, { reliable: false });
    const layer = new TransactionLayer({ clock });
    const flow = { transport, peer: transport.peer };
    const { requestRef, responseRef, sent } = (() => {
      const request = makeRequest({ method: 'BYE' });
      const result = layer.receiveRequest(request, flow);
      if (result.kind !== 'new') throw new Error('expected a new server transaction');
      const ok = responseTo(request, 200, 'OK', 'n2');
      result.transaction.respond(ok);
      return { requestRef: new WeakRef(request), responseRef: new WeakRef(ok), sent: wire(ok) };
    })();
    // WeakRefs hold their target until the end of the current job.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(requestRef.deref()).toBeUndefined();
    expect(responseRef.deref()).toBeUndefined();
    expect(layer.receiveRequest(makeRequest({ method: 'BYE' }), flow).kind).toBe('retransmission');
    expect(transport.texts).toEqual([sent, sent]);
  });

  it('a non-INVITE in Completed drops its request and still answers retransmissions with the same bytes until Timer J', () => {
    const { clock, transport, layer, flow, request, tx } = setup(makeRequest({ method: 'BYE' }));
    if (!(tx instanceof NonInviteServerTransaction)) throw new Error('expected a non-INVITE transaction');
    expect(tx.request).toBe(request);
    const ok = responseTo(request, 200, 'OK', 'n1');
    tx.respond(ok);
    expect(tx.request).toBeUndefined();
    expect(tx.finalStatus).toBe(200);
    clock.advance(1000);
    expect(layer.receiveRequest(makeRequest({ method: 'BYE' }), flow)).toEqual({ kind: 'retransmission', transaction: tx });
    expect(transport.texts).toEqual([wire(ok), wire(ok)]);
    clock.advance(layer.timers.timerJ);
    expect(layer.transactionCount).toBe(0);
  });

  it('an INVITE answered 2xx keeps neither the INVITE nor the 2xx in Accepted, absorbs retransmissions and hands ACKs on until Timer L', () => {
    const { clock, transport, layer, flow, request, tx } = setup();
    if (!(tx instanceof InviteServerTransaction)) throw new Error('expected an INVITE transaction');
    tx.respond(responseTo(request, 180, 'Ringing', 'u1'));
    const ok = responseTo(request, 200, 'OK', 'u1');
    tx.respond(ok);
    expect(tx.state).toBe('Accepted');
    expect(tx.request).toBeUndefined();
    expect(tx.lastResponse).toBeUndefined();
    expect(tx.finalResponse).toBeUndefined();
    expect(tx.finalStatus).toBe(200);
    // RFC 6026 §8.7: the TU's 2xx retransmissions still go out; INVITE retransmissions are absorbed.
    expect(tx.respond(ok)).toBe(true);
    expect(layer.receiveRequest(makeRequest(), flow)).toEqual({ kind: 'retransmission', transaction: tx });
    expect(layer.receiveRequest(makeRequest({ method: 'ACK', toTag: 'u1' }), flow)).toEqual({ kind: 'ack', transaction: tx });
    expect(transport.texts.slice(1)).toEqual([wire(ok), wire(ok)]);
    clock.advance(layer.timers.timerL);
    expect(layer.transactionCount).toBe(0);
  });

  it('an INVITE answered 486 keeps the 486 to retransmit in Completed, and drops it once the ACK confirms it', () => {
    const { clock, transport, layer, flow, request, tx } = setup();
    if (!(tx instanceof InviteServerTransaction)) throw new Error('expected an INVITE transaction');
    const busy = responseTo(request, 486, 'Busy Here', 'u2');
    tx.respond(busy);
    expect(tx.request).toBeUndefined();
    expect(tx.finalResponse).toBe(busy);
    clock.advance(layer.timers.timerG);
    expect(transport.texts).toEqual([wire(busy), wire(busy)]);
    layer.receiveRequest(makeRequest({ method: 'ACK', toTag: 'u2' }), flow);
    expect(tx.state).toBe('Confirmed');
    expect(tx.finalResponse).toBeUndefined();
    expect(tx.finalStatus).toBe(486);
  });

  it('a transaction of an RFC 2543 client keeps its request and final response: they are what matching compares', () => {
    const legacy = { branch: '1a2b3c' };
    const invite = makeRequest(legacy);
    const { layer, flow, tx } = setup(invite);
    if (!(tx instanceof InviteServerTransaction)) throw new Error('expected an INVITE transaction');
    const ok = responseTo(invite, 200, 'OK', 'ours');
    tx.respond(ok);
    expect(tx.request).toBe(invite);
    expect(tx.finalResponse).toBe(ok);
    expect(layer.receiveRequest(makeRequest({ ...legacy, method: 'ACK', toTag: 'ours' }), flow)).toEqual({ kind: 'ack', transaction: tx });
    expect(layer.receiveRequest(makeRequest(legacy), flow)).toEqual({ kind: 'retransmission', transaction: tx });
  });
});
