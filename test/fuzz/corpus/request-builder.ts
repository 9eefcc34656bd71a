import type { Random } from '../random.js';
import type { TargetName } from '../step.js';
import { FUZZER_HOST, viaTransport } from './transport-token.js';

const SDP = 'v=0\r\no=fuzz 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\n';

/** Methods the fuzzer sends as new requests; some the targets handle, some they refuse (405/501). */
export const REQUEST_METHODS = ['INVITE', 'MESSAGE', 'OPTIONS', 'BYE', 'CANCEL', 'ACK', 'INFO', 'REGISTER', 'SUBSCRIBE', 'NOTIFY', 'UPDATE', 'PRACK', 'REFER', 'PUBLISH'] as const;

export interface RequestFields {
  method: string;
  requestUri: string;
  branch: string;
  fromTag: string;
  /** The To tag, for a request inside a dialog. */
  toTag?: string;
  callId: string;
  cseq: number;
  transport: 'UDP' | 'TCP' | 'WS';
  body?: { type: string; text: string };
  extra: string[];
}

/** The text of a well-formed request (RFC 3261 §8.1.1: the six mandatory headers, then the rest). */
export function requestText(f: RequestFields): string {
  const lines = [
    `${f.method} ${f.requestUri} SIP/2.0`,
    `Via: SIP/2.0/${f.transport} ${FUZZER_HOST}:5062;branch=${f.branch};rport`,
    'Max-Forwards: 70',
    `From: "Fuzz" <sip:fuzzer@${FUZZER_HOST}>;tag=${f.fromTag}`,
    `To: <sip:target@127.0.0.1>${f.toTag === undefined ? '' : `;tag=${f.toTag}`}`,
    `Call-ID: ${f.callId}`,
    `CSeq: ${f.cseq} ${f.method}`,
    ...f.extra,
  ];
  if (f.body !== undefined) lines.push(`Content-Type: ${f.body.type}`);
  const body = f.body?.text ?? '';
  lines.push(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Headers a request may carry besides the mandatory ones, chosen at random. */
function extraHeaders(rng: Random, method: string): string[] {
  const extra = [`Contact: <sip:fuzzer@${FUZZER_HOST}:5062;transport=${rng.pick(['udp', 'tcp', 'ws'])}>`];
  const optional: Array<[string, number]> = [
    [`Record-Route: <sip:p1.${FUZZER_HOST};lr>, <sip:p2.${FUZZER_HOST};lr>`, 0.3],
    ['User-Agent: PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19', 0.3],
    ['User-Agent: Fuzz/1.0 (comment, with comma)', 0.2],
    ['Subject: fuzzing', 0.2],
    ['Supported: replaces, timer', 0.3],
    ['Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE', 0.3],
    ['Accept: application/sdp, text/plain', 0.2],
    ['Organization: Fuzz Inc.', 0.1],
    ['Expires: 60', method === 'REGISTER' || method === 'SUBSCRIBE' ? 0.8 : 0.05],
    ['Event: presence', method === 'SUBSCRIBE' || method === 'NOTIFY' ? 0.7 : 0.02],
    ['Event: refer;id=2', method === 'NOTIFY' ? 0.3 : 0],
    ['Subscription-State: active;expires=60', method === 'NOTIFY' ? 0.9 : 0],
    ['Refer-To: <sip:other@127.0.0.1>', method === 'REFER' ? 0.6 : 0],
    ['Refer-To: <sip:other@127.0.0.1?Replaces=c%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>', method === 'REFER' ? 0.3 : 0],
    ['Replaces: c@h;to-tag=1;from-tag=2', method === 'INVITE' ? 0.05 : 0],
    ['RAck: 1 1 INVITE', method === 'PRACK' ? 0.9 : 0],
    ['Require: 100rel', 0.03],
    ['Date: Sat, 13 Nov 2010 23:29:00 GMT', 0.1],
    ['Timestamp: 54', 0.05],
    ['Warning: 399 fuzz "nothing"', 0.05],
    ['X-Fuzz: anything at all', 0.2],
  ];
  for (const [line, p] of optional) if (rng.chance(p)) extra.push(line);
  return extra;
}

function bodyFor(rng: Random, method: string): RequestFields['body'] {
  if (method === 'INVITE' || method === 'UPDATE') return rng.chance(0.85) ? { type: 'application/sdp', text: SDP } : undefined;
  if (method === 'MESSAGE') return { type: rng.pick(['text/plain', 'text/plain;charset=utf-8', 'application/json', 'message/cpim']), text: 'hello fuzz' };
  if (method === 'INFO' && rng.chance(0.5)) return { type: 'application/dtmf-relay', text: 'Signal=5\r\nDuration=160\r\n' };
  return undefined;
}

/** Fresh identifiers for a new request: an RFC 3261 branch, tags, a Call-ID naming the step. */
export function freshFields(rng: Random, target: TargetName, method: string): RequestFields {
  const callId = `${rng.token(10)}@fuzz`;
  return {
    method,
    requestUri: rng.pick(['sip:target@127.0.0.1', 'sip:target@127.0.0.1;transport=tcp', 'sip:+15551234567@127.0.0.1;user=phone', 'sips:target@127.0.0.1', 'sip:127.0.0.1']),
    branch: `z9hG4bK${rng.token(12)}`,
    fromTag: rng.token(8),
    callId,
    cseq: rng.int(1, 1000),
    transport: viaTransport(target),
    body: bodyFor(rng, method),
    extra: extraHeaders(rng, method),
  };
}

/** A well-formed new request of `method` for `target`. */
export function generateRequest(rng: Random, target: TargetName, method: string): { text: string; callId: string } {
  const fields = freshFields(rng, target, method);
  return { text: requestText(fields), callId: fields.callId };
}
