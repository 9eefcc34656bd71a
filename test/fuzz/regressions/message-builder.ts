import { FUZZER_HOST } from '../corpus/transport-token.js';

/**
 * A request for a regression case, written out header by header so the case reads as the
 * message on the wire. Content-Length is computed unless a `Content-Length` line is given.
 */
export function message(startLine: string, headers: string[], body = ''): string {
  const lines = [startLine, ...headers];
  if (!headers.some((h) => /^(content-length|l)\s*:/i.test(h))) lines.push(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The usual headers of a request from the fuzzer (RFC 3261 §8.1.1), each overridable by name. */
export function requestHeaders(overrides: {
  via?: string;
  from?: string;
  to?: string;
  callId?: string;
  cseq?: string;
  extra?: string[];
}): string[] {
  return [
    `Via: ${overrides.via ?? `SIP/2.0/UDP ${FUZZER_HOST}:5062;branch=z9hG4bKregression`}`,
    'Max-Forwards: 70',
    `From: ${overrides.from ?? `<sip:fuzzer@${FUZZER_HOST}>;tag=reg1`}`,
    `To: ${overrides.to ?? '<sip:target@127.0.0.1>'}`,
    `Call-ID: ${overrides.callId ?? 'regression@fuzz'}`,
    `CSeq: ${overrides.cseq ?? '1 MESSAGE'}`,
    `Contact: <sip:fuzzer@${FUZZER_HOST}:5062>`,
    ...(overrides.extra ?? []),
  ];
}

/**
 * A response to the request the UA sent, with placeholders filled when it is sent (see
 * corpus/ua-responses.ts); `lines` replace or add headers after the copied ones.
 */
export function uaResponse(statusLine: string, lines: string[], body = ''): string {
  const copied = ['Via: {{via}}', 'From: {{from}}', 'To: {{to}};tag=regtag', 'Call-ID: {{callid}}', 'CSeq: {{cseq}}'];
  const names = new Set(lines.map((l) => l.slice(0, l.indexOf(':')).toLowerCase()));
  const kept = copied.filter((l) => !names.has(l.slice(0, l.indexOf(':')).toLowerCase()));
  return message(statusLine, [...kept, ...lines], body);
}

export const SDP = 'v=0\r\no=reg 1 1 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.3\r\nt=0 0\r\nm=audio 49174 RTP/AVP 0\r\n';
