import { parseMessage, SipRequest, SipResponse } from '../../../src/syntax/index.js';

const CRLF = '\r\n';

export function request(text: string): SipRequest {
  const message = parseMessage(text);
  if (!(message instanceof SipRequest)) throw new Error('not a request');
  return message;
}

export function response(text: string): SipResponse {
  const message = parseMessage(text);
  if (!(message instanceof SipResponse)) throw new Error('not a response');
  return message;
}

export interface RequestOptions {
  method?: string;
  branch?: string;
  uri?: string;
  sentBy?: string;
  toTag?: string;
  fromTag?: string;
  callId?: string;
  cseq?: number;
  cseqMethod?: string;
  routes?: string[];
  extra?: string[];
}

/** A request as a UAC core would build it: top Via with the branch, Max-Forwards, From, To, Call-ID, CSeq. */
export function requestText(options: RequestOptions = {}): string {
  const method = options.method ?? 'INVITE';
  const lines = [
    `${method} ${options.uri ?? 'sip:bob@biloxi.example.com'} SIP/2.0`,
    `Via: SIP/2.0/UDP ${options.sentBy ?? 'pc33.atlanta.example.com:5060'};branch=${options.branch ?? 'z9hG4bKnashds8'}`,
    'Via: SIP/2.0/UDP bigbox3.site3.example.com;branch=z9hG4bK77ef4c2312983.1',
    ...(options.routes ?? []).map((r) => `Route: ${r}`),
    'Max-Forwards: 70',
    `To: Bob <sip:bob@biloxi.example.com>${options.toTag === undefined ? '' : `;tag=${options.toTag}`}`,
    `From: Alice <sip:alice@atlanta.example.com>;tag=${options.fromTag ?? '1928301774'}`,
    `Call-ID: ${options.callId ?? 'a84b4c76e66710@pc33.atlanta.example.com'}`,
    `CSeq: ${options.cseq ?? 314159} ${options.cseqMethod ?? method}`,
    'Contact: <sip:alice@pc33.atlanta.example.com>',
    ...(options.extra ?? []),
    'Content-Length: 0',
  ];
  return lines.join(CRLF) + CRLF + CRLF;
}

export function makeRequest(options: RequestOptions = {}): SipRequest {
  return request(requestText(options));
}

/** A response to `req` with Via, From, To (plus tag), Call-ID and CSeq copied (RFC 3261 §8.2.6.2). */
export function responseTo(req: SipRequest, status: number, reason: string, toTag?: string): SipResponse {
  const lines = [`SIP/2.0 ${status} ${reason}`];
  for (const via of req.rawHeaders('Via')) lines.push(`Via: ${via}`);
  lines.push(`To: ${req.rawHeader('To')}${toTag === undefined ? '' : `;tag=${toTag}`}`);
  lines.push(`From: ${req.rawHeader('From')}`);
  lines.push(`Call-ID: ${req.callId}`);
  lines.push(`CSeq: ${req.rawHeader('CSeq')}`);
  lines.push('Content-Length: 0');
  return response(lines.join(CRLF) + CRLF + CRLF);
}

/** The bytes a message puts on the wire, as text. */
export function wire(message: SipRequest | SipResponse): string {
  return new TextDecoder().decode(message.toBytes());
}
