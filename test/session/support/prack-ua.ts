import SIP, { FakeClock, type SipRequest, type SipResponse } from '../../../src/index.js';
import { fakeMediaFactory } from '../../support/fake-media-handler.js';
import { ScriptedTransport } from '../../support/scripted-transport.js';
import { settle } from '../../support/settle.js';

/** The proxy between alice (us) and bob; it Record-Routes the dialog. */
export const PROXY = '<sip:127.0.0.1:8080;transport=ws;lr>';
export const BOB_CONTACT = '<sip:bob@192.0.2.9;transport=ws>';
/** What `random` gives the UA: the first RSeq is then 1 + floor(0.5 · (2³¹ − 1)). */
export const FIRST_RSEQ = 1073741824;

/** alice@example.test with `rel100`, on a scripted WebSocket to the proxy, a FakeClock (T1 500 ms) and fake media. */
export function prackUa(rel100: 'none' | 'supported' | 'required') {
  const clock = new FakeClock();
  const media = fakeMediaFactory();
  const transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'abc.invalid', viaPort: undefined, remote: { protocol: 'WS', host: '127.0.0.1', port: 8080 } });
  const ua = new SIP.UA(
    { uri: 'alice@example.test', wsServers: 'ws://127.0.0.1:8080', register: false, log: { builtinEnabled: false }, rel100 },
    { transportFactory: () => () => transport, clock, mediaHandlerFactory: media.factory, random: () => 0.5 },
  );
  ua.start();
  const deliver = async (text: string) => {
    transport.deliver(text);
    await settle();
  };
  const responses = (): SipResponse[] => transport.sent.flatMap((s) => ('status' in s.message ? [s.message as SipResponse] : []));
  const requests = (): SipRequest[] => transport.sent.flatMap((s) => ('method' in s.message ? [s.message as SipRequest] : []));
  /** Advance the clock by `ms` in steps of 100 ms, letting promises settle between them. */
  const advance = async (ms: number) => {
    for (let done = 0; done < ms; done += 100) {
      clock.advance(Math.min(100, ms - done));
      await settle();
    }
  };
  return { ua, clock, transport, media: media.handlers, deliver, responses, requests, advance };
}

/** A request from bob to alice as the proxy relays it. */
export function fromBob(
  method: string,
  options: { toTag?: string; cseq?: number; branch?: string; body?: string; extra?: string[]; cseqMethod?: string } = {},
): string {
  const body = options.body ?? '';
  return (
    `${method} sip:alice@abc.invalid;transport=ws SIP/2.0\r\n` +
    `Via: SIP/2.0/WS 127.0.0.1:8080;branch=${options.branch ?? `z9hG4bK${method}${options.cseq ?? 1}`}\r\n` +
    (method === 'INVITE' ? `Record-Route: ${PROXY}\r\n` : '') +
    'Max-Forwards: 69\r\n' +
    'From: <sip:bob@example.test>;tag=b1\r\n' +
    `To: <sip:alice@example.test>${options.toTag === undefined ? '' : `;tag=${options.toTag}`}\r\n` +
    'Call-ID: prack-call-1\r\n' +
    `CSeq: ${options.cseq ?? 1} ${options.cseqMethod ?? method}\r\n` +
    `Contact: ${BOB_CONTACT}\r\n` +
    (options.extra ?? []).map((line) => `${line}\r\n`).join('') +
    (body === '' ? '' : 'Content-Type: application/sdp\r\n') +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
  );
}

/** The wire text of bob's response to our `request`. */
export function toAlice(request: SipRequest, status: number, options: { toTag?: string; headers?: string[]; body?: string } = {}): string {
  const body = options.body ?? '';
  return (
    `SIP/2.0 ${status} Reason\r\n` +
    `Via: ${request.rawHeader('Via')}\r\n` +
    (request.method === 'INVITE' ? `Record-Route: ${PROXY}\r\n` : '') +
    `From: ${request.rawHeader('From')}\r\n` +
    `To: ${request.rawHeader('To')}${options.toTag === undefined || request.to.tag !== undefined ? '' : `;tag=${options.toTag}`}\r\n` +
    `Call-ID: ${request.callId}\r\n` +
    `CSeq: ${request.rawHeader('CSeq')}\r\n` +
    (status > 100 && status < 300 && request.method === 'INVITE' ? `Contact: ${BOB_CONTACT}\r\n` : '') +
    (options.headers ?? []).map((h) => `${h}\r\n`).join('') +
    (body === '' ? '' : 'Content-Type: application/sdp\r\n') +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
  );
}

export { settle };
