import type { Random } from '../random.js';
import type { UaMethod } from '../step.js';
import { FUZZER_HOST } from './transport-token.js';

const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 202: 'Accepted', 302: 'Moved Temporarily',
  401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 407: 'Proxy Authentication Required', 423: 'Interval Too Brief',
  486: 'Busy Here', 487: 'Request Terminated', 500: 'Server Internal Error', 503: 'Service Unavailable', 603: 'Decline',
};

const SDP = 'v=0\r\no=fuzz 2 2 IN IP4 192.0.2.2\r\ns=-\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\n';

const FINALS: Record<UaMethod, Array<[number, number]>> = {
  REGISTER: [[200, 50], [401, 20], [407, 5], [423, 5], [403, 5], [503, 5], [302, 5]],
  MESSAGE: [[200, 40], [202, 10], [401, 10], [407, 10], [404, 10], [486, 5], [302, 5], [500, 5]],
  OPTIONS: [[200, 60], [401, 10], [404, 10], [407, 5], [302, 5], [500, 5]],
  INVITE: [[200, 50], [486, 10], [487, 5], [401, 10], [407, 10], [302, 5], [500, 5], [603, 5]],
};

/** Optional parts of a response: a route set, a Server header, the digest challenge's nonce and algorithm. */
interface ResponseExtras {
  recordRoute?: boolean;
  server?: boolean;
  nonce?: string;
  algorithm?: 'MD5' | 'SHA-256';
}

/**
 * A response to the request a UA sent, as a template: `{{via}}`, `{{from}}`, `{{to}}`,
 * `{{callid}}`, `{{cseq}}` and `{{contact}}` are filled from that request when it is sent, so
 * the response matches the UA's transaction (RFC 3261 §17.1.3: branch and CSeq method) and
 * dialog identifiers, and mutations of it reach the code behind the match.
 */
function responseTemplate(method: string, status: number, toTag: string, extras: ResponseExtras = {}): string {
  const lines = [
    `SIP/2.0 ${status} ${REASONS[status] ?? 'Whatever'}`,
    'Via: {{via}}',
    'From: {{from}}',
    status === 100 ? 'To: {{to}}' : `To: {{to}};tag=${toTag}`,
    'Call-ID: {{callid}}',
    'CSeq: {{cseq}}',
  ];
  let body = '';
  if (method === 'REGISTER' && status === 200) lines.push('Contact: {{contact}};expires=600', 'Expires: 600');
  if (method === 'INVITE' && status > 100 && status < 300) {
    lines.push(`Contact: <sip:callee@${FUZZER_HOST}:5063;transport=tcp>`);
    if (extras.recordRoute) lines.push(`Record-Route: <sip:rr1.${FUZZER_HOST};lr>, <sip:rr2.${FUZZER_HOST};lr;transport=tcp>`);
    if (status !== 180) body = SDP;
  }
  if (status === 302) lines.push(`Contact: <sip:elsewhere@${FUZZER_HOST}>`);
  if (status === 401) lines.push(`WWW-Authenticate: Digest realm="fuzz.test", nonce="${extras.nonce ?? 'fuzznonce'}", qop="auth", algorithm=${extras.algorithm ?? 'MD5'}`);
  if (status === 407) lines.push(`Proxy-Authenticate: Digest realm="fuzz.test", nonce="${extras.nonce ?? 'fuzznonce'}", algorithm=MD5`);
  if (status === 423) lines.push('Min-Expires: 3600');
  if (status === 503) lines.push('Retry-After: 1');
  if (method === 'OPTIONS' && status === 200) lines.push('Allow: INVITE, ACK, CANCEL, BYE, OPTIONS', 'Accept: application/sdp', 'Supported: replaces');
  if (extras.server) lines.push('Server: Fuzz/1.0 (fuzzing, with comma)');
  if (body !== '') lines.push('Content-Type: application/sdp');
  lines.push(`Content-Length: ${body.length}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * The responses the fuzzer's server answers one UA request with: for INVITE, maybe a 100 and
 * provisional responses before the final one (RFC 3261 §13.2.2); for the others, a final one,
 * sometimes after a 100.
 */
export function responseSequence(rng: Random, method: UaMethod): string[] {
  const toTag = `fz${rng.token(8)}`;
  const extras = (): ResponseExtras => ({
    recordRoute: rng.chance(0.3),
    server: rng.chance(0.3),
    nonce: rng.token(16),
    algorithm: rng.pick(['MD5', 'SHA-256'] as const),
  });
  const out: string[] = [];
  if (rng.chance(0.3)) out.push(responseTemplate(method, 100, toTag));
  if (method === 'INVITE') {
    const provisional = rng.int(0, 2);
    for (let i = 0; i < provisional; i++) out.push(responseTemplate(method, rng.pick([180, 183]), toTag, extras()));
  }
  out.push(responseTemplate(method, rng.weighted(FINALS[method]), toTag, extras()));
  return out;
}

/** The answer the fuzzer's server gives a UA request nobody is fuzzing: short and final. */
export function plainAnswer(method: string): string | undefined {
  if (method === 'ACK') return undefined;
  return responseTemplate(method, method === 'INVITE' ? 486 : 200, 'fzplain');
}
