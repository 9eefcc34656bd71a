import { beforeEach, describe, expect, it } from 'vitest';
import { InviteServerTransaction, TransactionLayer } from '../../src/transaction/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import type { Flow } from '../../src/transaction/index.js';
import { FakeTransport } from './support/fake-transport.js';
import { makeRequest, response, responseTo } from './support/messages.js';
import { RecordingClientUser } from './support/recording-user.js';

let clock: FakeClock;
let transport: FakeTransport;
let layer: TransactionLayer;
let flow: Flow;

beforeEach(() => {
  clock = new FakeClock();
  transport = new FakeTransport(clock);
  layer = new TransactionLayer({ clock });
  flow = { transport, peer: transport.peer };
});

describe('client transaction matching (RFC 3261 §17.1.3)', () => {
  it('matches on top Via branch and CSeq method, so an INVITE and its CANCEL get their own responses', () => {
    const inviteUser = new RecordingClientUser();
    const cancelUser = new RecordingClientUser();
    const invite = makeRequest();
    const cancel = makeRequest({ method: 'CANCEL' });
    layer.sendRequest(invite, flow, inviteUser);
    layer.sendRequest(cancel, flow, cancelUser);
    expect(layer.receiveResponse(responseTo(cancel, 200, 'OK', 't'), flow).kind).toBe('matched');
    expect(layer.receiveResponse(responseTo(invite, 487, 'Request Terminated', 't'), flow).kind).toBe('matched');
    expect(cancelUser.events[0]).toBe('response 200 in Completed');
    expect(inviteUser.events[0]).toBe('response 487 in Completed');
  });

  it('reports stray responses (unknown branch, known branch with another method) and a malformed one (no Via)', () => {
    const invite = makeRequest();
    layer.sendRequest(invite, flow, new RecordingClientUser());
    expect(layer.receiveResponse(responseTo(makeRequest({ branch: 'z9hG4bKother' }), 200, 'OK', 't'), flow).kind).toBe('stray');
    expect(layer.receiveResponse(responseTo(makeRequest({ method: 'BYE' }), 200, 'OK', 't'), flow).kind).toBe('stray');
    const noVia = response('SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n');
    expect(layer.receiveResponse(noVia, flow).kind).toBe('malformed');
  });

  it('matches the branch only in the top Via of the response', () => {
    layer.sendRequest(makeRequest({ branch: 'z9hG4bK77ef4c2312983.1' }), flow, new RecordingClientUser());
    // The default request's second Via carries that branch; its top Via does not.
    expect(layer.receiveResponse(responseTo(makeRequest({ method: 'INVITE' }), 200, 'OK', 't'), flow).kind).toBe('stray');
  });
});

describe('server transaction matching (RFC 3261 §17.2.3)', () => {
  it('matches branch + sent-by + method, with ACK matching the INVITE', () => {
    const first = layer.receiveRequest(makeRequest(), flow);
    expect(first.kind).toBe('new');
    expect(layer.receiveRequest(makeRequest(), flow)).toEqual({ kind: 'retransmission', transaction: first.kind === 'new' ? first.transaction : undefined });
    // Same branch from another sent-by: accidental or malicious duplicate, a new transaction.
    expect(layer.receiveRequest(makeRequest({ sentBy: 'evil.example.com:5060' }), flow).kind).toBe('new');
    // Same branch, sent-by with another port: also another transaction.
    expect(layer.receiveRequest(makeRequest({ sentBy: 'pc33.atlanta.example.com:5070' }), flow).kind).toBe('new');
    // CANCEL shares the branch but is its own transaction.
    const cancel = layer.receiveRequest(makeRequest({ method: 'CANCEL' }), flow);
    expect(cancel.kind).toBe('new');
    expect(layer.receiveRequest(makeRequest({ method: 'CANCEL' }), flow).kind).toBe('retransmission');
    // An ACK with the INVITE's branch matches the INVITE transaction (absorbed in Proceeding).
    expect(layer.receiveRequest(makeRequest({ method: 'ACK', toTag: 'x' }), flow).kind).toBe('retransmission');
    // An ACK matching nothing is the core's.
    expect(layer.receiveRequest(makeRequest({ method: 'ACK', branch: 'z9hG4bKnew' }), flow)).toEqual({ kind: 'ack' });
    expect(layer.transactionCount).toBe(4);
  });

  it('compares sent-by hosts case-insensitively', () => {
    layer.receiveRequest(makeRequest({ method: 'OPTIONS' }), flow);
    expect(layer.receiveRequest(makeRequest({ method: 'OPTIONS', sentBy: 'PC33.Atlanta.Example.COM:5060' }), flow).kind).toBe('retransmission');
  });

  it('finds the INVITE server transaction a CANCEL targets (RFC 3261 §9.2)', () => {
    const created = layer.receiveRequest(makeRequest(), flow);
    layer.receiveRequest(makeRequest({ method: 'OPTIONS', branch: 'z9hG4bKopts' }), flow);
    if (created.kind !== 'new') throw new Error('expected new');
    expect(layer.findInviteServerTransaction(makeRequest({ method: 'CANCEL' }))).toBe(created.transaction);
    expect(layer.findInviteServerTransaction(makeRequest({ method: 'CANCEL', branch: 'z9hG4bKother' }))).toBeUndefined();
    expect(layer.findInviteServerTransaction(makeRequest({ method: 'CANCEL', sentBy: 'evil.example.com' }))).toBeUndefined();
    // A branch that belongs to a non-INVITE transaction is no CANCEL target.
    expect(layer.findInviteServerTransaction(makeRequest({ method: 'CANCEL', branch: 'z9hG4bKopts' }))).toBeUndefined();
  });
});

describe('RFC 2543 fallback matching (no magic cookie)', () => {
  const legacy = { branch: '1234abcd' };

  it('matches a retransmitted INVITE on Request-URI, To tag, From tag, Call-ID, CSeq and top Via', () => {
    const created = layer.receiveRequest(makeRequest(legacy), flow);
    expect(created.kind).toBe('new');
    expect(layer.receiveRequest(makeRequest(legacy), flow).kind).toBe('retransmission');
    // An INVITE without any branch is an RFC 2543 request too.
    const noBranch = makeRequest();
    noBranch.via.branch = undefined;
    expect(layer.receiveRequest(noBranch, flow).kind).toBe('new');
    expect(layer.receiveRequest(noBranch, flow).kind).toBe('retransmission');
    // Every field counts.
    expect(layer.receiveRequest(makeRequest({ ...legacy, uri: 'sip:carol@biloxi.example.com' }), flow).kind).toBe('new');
    expect(layer.receiveRequest(makeRequest({ ...legacy, fromTag: 'other' }), flow).kind).toBe('new');
    expect(layer.receiveRequest(makeRequest({ ...legacy, toTag: 'other' }), flow).kind).toBe('new');
    expect(layer.receiveRequest(makeRequest({ ...legacy, callId: 'another-call' }), flow).kind).toBe('new');
    expect(layer.receiveRequest(makeRequest({ ...legacy, cseq: 2 }), flow).kind).toBe('new');
    expect(layer.receiveRequest(makeRequest({ ...legacy, sentBy: 'elsewhere.example.com' }), flow).kind).toBe('new');
    expect(layer.receiveRequest(makeRequest({ branch: '1234abce' }), flow).kind).toBe('new');
  });

  it('matches an RFC 2543 non-INVITE on the same fields including the CSeq method', () => {
    layer.receiveRequest(makeRequest({ ...legacy, method: 'OPTIONS' }), flow);
    expect(layer.receiveRequest(makeRequest({ ...legacy, method: 'OPTIONS' }), flow).kind).toBe('retransmission');
    expect(layer.receiveRequest(makeRequest({ ...legacy, method: 'INFO' }), flow).kind).toBe('new');
  });

  it('matches an ACK by the To tag of the response the transaction sent', () => {
    const invite = makeRequest(legacy);
    const created = layer.receiveRequest(invite, flow);
    if (created.kind !== 'new' || !(created.transaction instanceof InviteServerTransaction)) throw new Error('expected new INVITE');
    const tx = created.transaction;
    tx.respond(responseTo(invite, 486, 'Busy Here', 'ours'));
    expect(layer.receiveRequest(makeRequest({ ...legacy, method: 'ACK', toTag: 'theirs' }), flow)).toEqual({ kind: 'ack' });
    expect(tx.state).toBe('Completed');
    expect(layer.receiveRequest(makeRequest({ ...legacy, method: 'ACK', toTag: 'ours' }), flow)).toEqual({ kind: 'retransmission', transaction: tx });
    expect(tx.state).toBe('Confirmed');
  });

  it('hands the ACK of a 2xx to the core while the transaction is Accepted', () => {
    const invite = makeRequest(legacy);
    const created = layer.receiveRequest(invite, flow);
    if (created.kind !== 'new' || !(created.transaction instanceof InviteServerTransaction)) throw new Error('expected new INVITE');
    created.transaction.respond(responseTo(invite, 200, 'OK', 'ours'));
    expect(layer.receiveRequest(makeRequest({ ...legacy, method: 'ACK', toTag: 'ours' }), flow)).toEqual({ kind: 'ack', transaction: created.transaction });
  });

  it('finds the INVITE a legacy CANCEL targets (Request-URI, tags, Call-ID, CSeq number, top Via)', () => {
    const created = layer.receiveRequest(makeRequest(legacy), flow);
    if (created.kind !== 'new') throw new Error('expected new');
    expect(layer.findInviteServerTransaction(makeRequest({ ...legacy, method: 'CANCEL' }))).toBe(created.transaction);
    expect(layer.findInviteServerTransaction(makeRequest({ ...legacy, method: 'CANCEL', cseq: 9 }))).toBeUndefined();
    // The CANCEL itself is a new (non-INVITE) server transaction, and its retransmission matches it.
    expect(layer.receiveRequest(makeRequest({ ...legacy, method: 'CANCEL' }), flow).kind).toBe('new');
    expect(layer.receiveRequest(makeRequest({ ...legacy, method: 'CANCEL' }), flow).kind).toBe('retransmission');
  });

  it('ignores received and rport in the Via comparison', () => {
    layer.receiveRequest(makeRequest(legacy), flow);
    const again = makeRequest(legacy);
    again.via.received = '198.51.100.7';
    again.via.rport = 5099;
    expect(layer.receiveRequest(again, flow).kind).toBe('retransmission');
  });

  it('forgets a legacy transaction when it terminates', () => {
    const options = makeRequest({ ...legacy, method: 'OPTIONS' });
    const created = layer.receiveRequest(options, flow);
    if (created.kind !== 'new') throw new Error('expected new');
    created.transaction.respond(responseTo(options, 200, 'OK', 'x'));
    clock.advance(32_000);
    expect(layer.transactionCount).toBe(0);
    expect(layer.receiveRequest(makeRequest({ ...legacy, method: 'OPTIONS' }), flow).kind).toBe('new');
  });
});
