import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestAuthenticator } from '../../src/core/auth/index.js';
import { OutOfDialogRequestFactory } from '../../src/core/request/index.js';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import type { SipRequest, SipResponse } from '../../src/syntax/index.js';
import { nodeWebSocketFactory, WebSocketTransport } from '../../src/transport/node.js';
import type { Peer } from '../../src/transport/transport.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';

// The WebSocket transport, transaction layer and UA core against a real WebSocket SIP
// server: Kamailio with its websocket module (conformance/targets/kamailio/kamailio.cfg), which
// challenges every REGISTER with 401 (qop=auth, realm example.test).

let kamailio: RunningKamailio;
let transport: WebSocketTransport;
let core: UserAgentCore;
let server: Peer;

beforeAll(async () => {
  kamailio = await startKamailio();
  server = { protocol: 'WS', host: '127.0.0.1', port: kamailio.ports.ws };
  transport = new WebSocketTransport({ url: kamailio.wsUrl, webSocketFactory: nodeWebSocketFactory() });
  await transport.connect();
  core = new UserAgentCore({ transport });
  core.start();
}, 20_000);

afterAll(async () => {
  core?.close();
  await transport?.close();
  await kamailio?.stop();
});

/** Send one request in a client transaction and resolve with its final response. */
function finalResponse(request: SipRequest): Promise<SipResponse> {
  return new Promise((resolve, reject) => {
    core.send(request, server, {
      onResponse: (response) => {
        if (response.status >= 200) resolve(response);
      },
      onTimeout: () => reject(new Error(`${request.method} timed out`)),
      onTransportError: (error) => reject(error),
    });
  });
}

describe('UA core over WebSocket through Kamailio', () => {
  it('registers with a digest challenge: 401, then 200 with the binding', async () => {
    const factory = new OutOfDialogRequestFactory({ transport, contact: `<sip:alice@${transport.viaHost};transport=ws>` });
    const aor = 'sip:alice@example.test';
    const register = (cseq: number) =>
      factory.create({ method: 'REGISTER', requestUri: 'sip:example.test', to: aor, from: aor, callId: 'reg-ws-1', fromTag: 'ft1', cseq, extraHeaders: ['Expires: 300'] });
    const first = register(1);
    const challenge = await finalResponse(first);
    expect(challenge.status).toBe(401);
    expect(challenge.header('WWW-Authenticate')?.realm).toBe('example.test');

    const authenticator = new DigestAuthenticator({ credentials: { username: 'alice', password: 'secret' } });
    const retry = register(2);
    const outcome = authenticator.respond(challenge, { method: 'REGISTER', uri: retry.uri.toString() });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    for (const header of outcome.headers) retry.addHeader(header.name, header.value);
    const ok = await finalResponse(retry);
    expect(ok.status).toBe(200);
    expect(ok.contact.map((c) => c.uri?.host)).toContain(transport.viaHost);
    expect(ok.contact[0]?.expires).toBeGreaterThan(0);
  });

  it('a wrong password ends in a second 401, which the authenticator refuses to answer again', async () => {
    const factory = new OutOfDialogRequestFactory({ transport, contact: `<sip:bob@${transport.viaHost};transport=ws>` });
    const aor = 'sip:bob@example.test';
    const register = (cseq: number) =>
      factory.create({ method: 'REGISTER', requestUri: 'sip:example.test', to: aor, from: aor, callId: 'reg-ws-2', fromTag: 'ft2', cseq });
    const authenticator = new DigestAuthenticator({ credentials: { username: 'bob', password: 'wrong' } });
    const challenge = await finalResponse(register(1));
    const retry = register(2);
    const outcome = authenticator.respond(challenge, { method: 'REGISTER', uri: retry.uri.toString() });
    if (!outcome.ok) throw new Error(outcome.reason);
    for (const header of outcome.headers) retry.addHeader(header.name, header.value);
    const again = await finalResponse(retry);
    expect(again.status).toBe(401);
    const verdict = authenticator.respond(again, { method: 'REGISTER', uri: retry.uri.toString() });
    expect(verdict).toMatchObject({ ok: false, code: 'credentials-rejected' });
  });

  it('gets 200 for an OPTIONS round trip', async () => {
    const factory = new OutOfDialogRequestFactory({ transport });
    const ping = `sip:127.0.0.1:${kamailio.ports.sip}`;
    const options = factory.create({ method: 'OPTIONS', requestUri: ping, to: ping, from: 'sip:alice@example.test' });
    const response = await finalResponse(options);
    expect(response.status).toBe(200);
    expect(response.callId).toBe(options.callId);
  });
});
