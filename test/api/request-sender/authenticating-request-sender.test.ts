import { describe, expect, it, vi } from 'vitest';
import { computeDigestResponse, digestAlgorithm, OutOfDialogRequestFactory } from '../../../src/core/index.js';
import { AuthorizationHeader, parseUri, type SipResponse } from '../../../src/syntax/index.js';
import { AuthenticatingRequestSender } from '../../../src/api/authenticating-request-sender.js';
import type { RequestOutcome } from '../../../src/core/index.js';
import { ALICE, answer, CHALLENGE, SERVER, settle, wire } from '../support/context-wire.js';

/** An outcome that records every call, in order. */
function recorder() {
  const calls: string[] = [];
  const finals: SipResponse[] = [];
  const outcome: Required<RequestOutcome> = {
    onProvisional: (r) => calls.push(`provisional ${r.status}`),
    onFinal: (r) => {
      calls.push(`final ${r.status}`);
      finals.push(r);
    },
    onLater2xx: (r) => calls.push(`later ${r.status}`),
    onFailure: (cause) => calls.push(`failure ${cause}`),
  };
  return { calls, finals, outcome };
}

function options(sender: AuthenticatingRequestSender) {
  return sender.create({ method: 'OPTIONS', to: 'sip:bob@example.com' });
}

describe('AuthenticatingRequestSender.create', () => {
  it('builds the request from the UA: From with a new tag, Via of the connection, User-Agent', () => {
    const { sender } = wire();
    expect(options(sender).toString()).toBe(
      'OPTIONS sip:bob@example.com SIP/2.0\r\n' +
        'Via: SIP/2.0/WS ua1.invalid;branch=z9hG4bK-3\r\n' +
        'Max-Forwards: 70\r\n' +
        'To: <sip:bob@example.com>\r\n' +
        'From: "Alice" <sip:alice@example.com>;tag=tag-1\r\n' +
        'Call-ID: call-2\r\n' +
        'CSeq: 1 OPTIONS\r\n' +
        'User-Agent: sipforge-test\r\n' +
        'Content-Length: 0\r\n\r\n',
    );
  });

  it('keeps a given From, From tag, Call-ID and CSeq', () => {
    const { sender } = wire();
    const request = sender.create({ method: 'OPTIONS', to: 'sip:bob@example.com', from: 'sip:carol@example.com', fromTag: 'ft', callId: 'cid', cseq: 7 });
    expect(request.rawHeader('From')).toBe('<sip:carol@example.com>;tag=ft');
    expect(request.callId).toBe('cid');
    expect(request.rawHeader('CSeq')).toBe('7 OPTIONS');
  });

  it('asks the factory function each time, so a reconnect changes the Via', () => {
    const { core, transport } = wire();
    let host = 'first.invalid';
    const sender = new AuthenticatingRequestSender({
      core,
      factory: () => new OutOfDialogRequestFactory({ transport: { protocol: 'WS', viaHost: host, viaPort: undefined } }),
      from: { uri: parseUri('sip:alice@example.com') },
      destination: () => SERVER,
    });
    expect(options(sender).via.host).toBe('first.invalid');
    host = 'second.invalid';
    expect(options(sender).via.host).toBe('second.invalid');
    expect(transport.sent).toHaveLength(0);
  });

  it('refuses input that would corrupt the wire with a TypeError naming it', () => {
    const { sender, transport } = wire();
    expect(() => sender.create({ method: 'OPTIONS', to: 'sip:bob@example.com', extraHeaders: ['X-A: 1\r\nX-B: 2'] })).toThrow(/extraHeaders\[0\]/);
    expect(transport.sent).toHaveLength(0);
  });
});

describe('AuthenticatingRequestSender.send', () => {
  it('sends to the connected server and reports 1xx then the final response', () => {
    const { sender, transport } = wire();
    const { calls, outcome } = recorder();
    const request = options(sender);
    const handle = sender.send(request, outcome);
    expect(transport.sent.map((s) => [s.to, s.text])).toEqual([[SERVER, request.toString()]]);
    expect(handle.request).toBe(request);
    transport.deliver(answer(request, 100));
    transport.deliver(answer(request, 200, { toTag: 'b1' }));
    transport.deliver(answer(request, 200, { toTag: 'b1' }));
    expect(calls).toEqual(['provisional 100', 'final 200']);
  });

  it('answers a 401 once: same request, CSeq+1, new branch, a verifiable Authorization', () => {
    const { sender, transport } = wire({ credentials: ALICE });
    const { calls, outcome } = recorder();
    const request = options(sender);
    const handle = sender.send(request, outcome);
    transport.deliver(answer(request, 401, { toTag: 'x', headers: [CHALLENGE] }));
    expect(transport.requests).toHaveLength(2);
    const retry = transport.requests[1]!;
    expect(handle.request.toString()).toBe(retry.toString());
    expect(retry.rawHeader('CSeq')).toBe('2 OPTIONS');
    expect(retry.via.branch).toBe('z9hG4bK-4');
    expect(retry.via.branch).not.toBe(request.via.branch);
    for (const name of ['From', 'To', 'Call-ID', 'Max-Forwards', 'User-Agent']) expect(retry.rawHeader(name)).toBe(request.rawHeader(name));
    expect(retry.uri.toString()).toBe('sip:bob@example.com');

    const auth = retry.header('Authorization') as AuthorizationHeader;
    const param = (name: string) => auth.params.get(name) ?? undefined;
    expect([auth.scheme, param('username'), param('realm'), param('nonce'), param('uri'), param('qop'), param('nc')]).toEqual([
      'Digest', 'alice', 'example.com', '5f2a9e', 'sip:bob@example.com', 'auth', '00000001',
    ]);
    const expected = computeDigestResponse({
      algorithm: digestAlgorithm('MD5')!,
      username: 'alice',
      password: 'secret',
      realm: 'example.com',
      nonce: '5f2a9e',
      method: 'OPTIONS',
      uri: 'sip:bob@example.com',
      qop: 'auth',
      nc: '00000001',
      cnonce: param('cnonce')!,
    }).response;
    expect(param('response')).toBe(expected);

    transport.deliver(answer(retry, 200, { toTag: 'b1' }));
    expect(calls).toEqual(['final 200']);
  });

  it('answers a 407 with Proxy-Authorization', () => {
    const { sender, transport } = wire({ credentials: ALICE });
    const { outcome } = recorder();
    const request = options(sender);
    sender.send(request, outcome);
    transport.deliver(answer(request, 407, { headers: ['Proxy-Authenticate: Digest realm="proxy.example.com", nonce="n1"'] }));
    const retry = transport.requests[1]!;
    expect(retry.hasHeader('Authorization')).toBe(false);
    expect(retry.rawHeader('Proxy-Authorization')).toMatch(/^Digest username="alice", realm="proxy.example.com", uri="sip:bob@example.com", algorithm=MD5, nonce="n1", response="[0-9a-f]{32}"$/);
  });

  it('delivers a second challenge for the same realm as the final response, after one retry', () => {
    const { sender, transport } = wire({ credentials: ALICE });
    const { calls, finals, outcome } = recorder();
    const request = options(sender);
    sender.send(request, outcome);
    transport.deliver(answer(request, 401, { headers: [CHALLENGE] }));
    transport.deliver(answer(transport.requests[1]!, 401, { headers: ['WWW-Authenticate: Digest realm="example.com", nonce="77aa", qop="auth"'] }));
    expect(transport.requests).toHaveLength(2);
    expect(calls).toEqual(['final 401']);
    expect(finals[0]!.rawHeader('CSeq')).toBe('2 OPTIONS');
  });

  it('delivers a 401 as final without credentials', () => {
    const { sender, transport } = wire();
    const { calls, outcome } = recorder();
    const request = options(sender);
    sender.send(request, outcome);
    transport.deliver(answer(request, 401, { headers: [CHALLENGE] }));
    expect(transport.requests).toHaveLength(1);
    expect(calls).toEqual(['final 401']);
  });

  it('reports REQUEST_TIMEOUT when Timer F fires (64*T1 = 32 s)', () => {
    const { sender, transport, clock } = wire();
    const { calls, outcome } = recorder();
    sender.send(options(sender), outcome);
    clock.advance(31_999);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual(['failure REQUEST_TIMEOUT']);
    expect(transport.requests).toHaveLength(1);
  });

  it('reports CONNECTION_ERROR when the transport cannot send', async () => {
    const { sender, transport } = wire();
    const { calls, outcome } = recorder();
    transport.failing = true;
    sender.send(options(sender), outcome);
    await settle();
    expect(calls).toEqual(['failure CONNECTION_ERROR']);
  });

  it('reports CONNECTION_ERROR when the server is gone by the time of the retry', () => {
    const { core, factory, transport } = wire();
    let connected = true;
    const sender = new AuthenticatingRequestSender({
      core,
      factory,
      from: { uri: parseUri('sip:alice@example.com') },
      destination: () => {
        if (!connected) throw new Error('not connected');
        return SERVER;
      },
      credentials: ALICE,
    });
    const { calls, outcome } = recorder();
    const request = options(sender);
    sender.send(request, outcome);
    connected = false;
    transport.deliver(answer(request, 401, { headers: [CHALLENGE] }));
    expect(calls).toEqual(['failure CONNECTION_ERROR']);
  });

  it('is silent after stop()', () => {
    const { sender, transport, clock } = wire();
    const outcome = { onProvisional: vi.fn(), onFinal: vi.fn(), onFailure: vi.fn() };
    const request = options(sender);
    sender.send(request, outcome).stop();
    transport.deliver(answer(request, 180));
    transport.deliver(answer(request, 200));
    clock.advance(40_000);
    expect([outcome.onProvisional, outcome.onFinal, outcome.onFailure].map((f) => f.mock.calls.length)).toEqual([0, 0, 0]);
  });

  it('gives every later 2xx of an INVITE to onLater2xx', () => {
    const { sender, transport } = wire();
    const { calls, outcome } = recorder();
    const invite = sender.create({ method: 'INVITE', to: 'sip:bob@example.com' });
    sender.send(invite, outcome);
    transport.deliver(answer(invite, 200, { toTag: 'b1', headers: ['Contact: <sip:bob@192.0.2.9>'] }));
    transport.deliver(answer(invite, 200, { toTag: 'b1', headers: ['Contact: <sip:bob@192.0.2.9>'] }));
    transport.deliver(answer(invite, 200, { toTag: 'b2', headers: ['Contact: <sip:bob@192.0.2.10>'] }));
    expect(calls).toEqual(['final 200', 'later 200', 'later 200']);
  });
});
