import { OutOfDialogRequestFactory, UserAgentCore, type DigestCredentials, type IdGenerator } from '../../../src/core/index.js';
import type { TimerSettings } from '../../../src/transaction/index.js';
import { parseUri, type SipRequest } from '../../../src/syntax/index.js';
import { FakeClock, type Peer } from '../../../src/transport/index.js';
import { ScriptedTransport } from '../../support/scripted-transport.js';
import { AuthenticatingRequestSender } from '../../../src/api/authenticating-request-sender.js';
import { DialogRouter, type SessionDescriptionHandlerFactory, type SessionMedia } from '../../../src/session/index.js';
import { fakeMediaFactory } from '../../support/fake-media-handler.js';
export { settle } from '../../support/settle.js';

/** The server the UA is connected to. */
export const SERVER: Peer = { protocol: 'WS', host: 'edge.example.com', port: 443, connectionId: 'ws-1' };

/** Predictable branches, tags and Call-IDs: z9hG4bK-1, tag-2, call-3, … */
export function countingIds(): IdGenerator {
  let n = 0;
  return {
    branch: () => `z9hG4bK-${++n}`,
    tag: () => `tag-${++n}`,
    callId: () => `call-${++n}`,
  };
}

export const ALICE: DigestCredentials = { username: 'alice', password: 'secret' };

/** A UA core on a ScriptedTransport (WS) with a FakeClock, and the AuthenticatingRequestSender of a UA alice@example.com. */
export function wire(options: { credentials?: DigestCredentials; timers?: Partial<TimerSettings> } = {}) {
  const clock = new FakeClock();
  const transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'ua1.invalid', viaPort: undefined, remote: SERVER });
  const core = new UserAgentCore({ transport, clock, ...(options.timers === undefined ? {} : { timers: options.timers }) });
  core.start();
  const ids = countingIds();
  const factory = new OutOfDialogRequestFactory({
    transport,
    contact: '<sip:k7d2@ua1.invalid;transport=ws>',
    userAgent: 'sipforge-test',
    ids,
  });
  const sender = new AuthenticatingRequestSender({
    core,
    factory: () => factory,
    from: { uri: parseUri('sip:alice@example.com'), displayName: 'Alice' },
    destination: () => SERVER,
    credentials: options.credentials,
    ids,
  });
  return { clock, transport, core, factory, sender, ids, dialogs: new DialogRouter(core) };
}

/** Hand ACKs and in-dialog requests (BYE, INFO, re-INVITE) to the sessions of their dialogs, as the UA does. */
export function routeDialogs(core: UserAgentCore, dialogs: DialogRouter): void {
  core.handle('BYE', (incoming) => dialogs.receiveRequest(incoming));
  core.handle('INFO', (incoming) => dialogs.receiveRequest(incoming), { accept: ['*/*'] });
  core.handle('INVITE', (incoming) => dialogs.receiveRequest(incoming));
  core.handle('UPDATE', (incoming) => dialogs.receiveRequest(incoming));
  core.onAck = (ack) => dialogs.receiveAck(ack);
}

/** The media of a session: `factory` (a fake one by default; null for none), audio only, no ICE servers. */
export function media(factory: SessionDescriptionHandlerFactory | null = fakeMediaFactory().factory): SessionMedia {
  return { factory: factory ?? undefined, options: { constraints: { audio: true, video: false }, iceServers: [], iceGatheringTimeout: 5000, extra: {} } };
}

/** The wire text of a response to `request`, as the server would send it. */
export function answer(
  // A SipRequest, or the legacy view a context hands out: both read raw headers and the Call-ID alike.
  request: Pick<SipRequest, 'rawHeader' | 'callId'>,
  status: number,
  options: { reason?: string; toTag?: string; headers?: string[]; body?: string; contentType?: string } = {},
): string {
  const to = request.rawHeader('To')!;
  const body = options.body ?? '';
  return (
    `SIP/2.0 ${status} ${options.reason ?? 'Reason'}\r\n` +
    `Via: ${request.rawHeader('Via')}\r\n` +
    `From: ${request.rawHeader('From')}\r\n` +
    `To: ${options.toTag === undefined || status === 100 ? to : `${to};tag=${options.toTag}`}\r\n` +
    `Call-ID: ${request.callId}\r\n` +
    `CSeq: ${request.rawHeader('CSeq')}\r\n` +
    (options.headers ?? []).map((h) => `${h}\r\n`).join('') +
    (body ? `Content-Type: ${options.contentType ?? 'application/sdp'}\r\n` : '') +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
  );
}

export const CHALLENGE = 'WWW-Authenticate: Digest realm="example.com", nonce="5f2a9e", algorithm=MD5, qop="auth"';
