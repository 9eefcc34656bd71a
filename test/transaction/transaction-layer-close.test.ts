import { describe, expect, it } from 'vitest';
import { TransactionLayer } from '../../src/transaction/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { FakeTransport } from './support/fake-transport.js';
import { makeRequest, responseTo } from './support/messages.js';
import { RecordingClientUser, RecordingServerUser } from './support/recording-user.js';

describe('TransactionLayer.close', () => {
  it('clears every timer and transaction in every state, and nothing fires or is sent afterwards', () => {
    const clock = new FakeClock();
    const transport = new FakeTransport(clock);
    const flow = { transport, peer: transport.peer };
    const layer = new TransactionLayer({ clock });
    const clientUser = new RecordingClientUser();
    const serverUser = new RecordingServerUser();

    const calling = makeRequest({ branch: 'z9hG4bKc1' });
    layer.sendRequest(calling, flow, clientUser); // Calling: A, B
    const completed = makeRequest({ branch: 'z9hG4bKc2' });
    layer.sendRequest(completed, flow, clientUser);
    layer.receiveResponse(responseTo(completed, 486, 'Busy Here', 't')); // Completed: D
    const accepted = makeRequest({ branch: 'z9hG4bKc3' });
    layer.sendRequest(accepted, flow, clientUser);
    layer.receiveResponse(responseTo(accepted, 200, 'OK', 't')); // Accepted: M
    layer.sendRequest(makeRequest({ method: 'OPTIONS', branch: 'z9hG4bKc4' }), flow, clientUser); // Trying: E, F

    layer.receiveRequest(makeRequest({ branch: 'z9hG4bKs1' }), flow, serverUser); // Proceeding: 100 Trying timer
    const rejectedRequest = makeRequest({ branch: 'z9hG4bKs2' });
    const rejected = layer.receiveRequest(rejectedRequest, flow, serverUser);
    if (rejected.kind === 'new') rejected.transaction.respond(responseTo(rejectedRequest, 486, 'Busy Here', 't')); // G, H
    const answeredRequest = makeRequest({ branch: 'z9hG4bKs3' });
    const answered = layer.receiveRequest(answeredRequest, flow, serverUser);
    if (answered.kind === 'new') answered.transaction.respond(responseTo(answeredRequest, 200, 'OK', 't')); // L
    const messageRequest = makeRequest({ method: 'MESSAGE', branch: 'z9hG4bKs4' });
    const message = layer.receiveRequest(messageRequest, flow, serverUser);
    if (message.kind === 'new') message.transaction.respond(responseTo(messageRequest, 200, 'OK', 't')); // J
    layer.receiveRequest(makeRequest({ method: 'OPTIONS', branch: 'legacy' }), flow, serverUser); // RFC 2543, Trying

    expect(layer.transactionCount).toBe(9);
    expect(clock.pending).toBeGreaterThan(0);
    const sentBefore = transport.sent.length;
    const clientEvents = clientUser.events.length;

    layer.close();

    expect(clock.pending).toBe(0);
    expect(layer.transactionCount).toBe(0);
    clock.advance(120_000);
    expect(transport.sent.length).toBe(sentBefore);
    expect(clientUser.events.length).toBe(clientEvents);
    expect(serverUser.events).toEqual([]);
    expect(layer.receiveResponse(responseTo(accepted, 200, 'OK', 't')).kind).toBe('stray');
  });
});
