// The benchmark corpus: eight realistic SIP messages, written by hand for this
// benchmark, as the bytes a transport would hand to a parser (CRLF line ends,
// Content-Length counted in bytes of the UTF-8 body).
//
// Each entry also carries the values the transaction layer must read from it,
// written out by hand, so every contender can be checked against them before
// it is timed (a parser that silently returns nothing would look very fast).

/** What the transaction layer reads from every message (RFC 3261 §17.1.3, §17.2.3, §12). */
export interface StackFields {
  branch: string;
  viaHost: string;
  viaPort: number | undefined;
  cseq: number;
  cseqMethod: string;
  callId: string;
  fromTag: string | undefined;
  toTag: string | undefined;
}

export interface CorpusEntry {
  name: string;
  bytes: Buffer;
  /** Header lines in the head (no folded lines in this corpus), for the floor's check. */
  headerLines: number;
  expect: StackFields;
}

/**
 * Joins header lines with CRLF and appends the body. The line containing
 * `{len}` gets the body's length in bytes, so a hand edit of a body can never
 * leave a stale Content-Length behind.
 */
function build(head: string[], body: string): { bytes: Buffer; headerLines: number } {
  const bodyBytes = Buffer.from(body, 'utf8');
  const lines = head.map((l) => l.replace('{len}', String(bodyBytes.length)));
  if (!head.some((l) => l.includes('{len}'))) throw new Error('corpus: message without Content-Length');
  const text = lines.join('\r\n') + '\r\n\r\n';
  return { bytes: Buffer.concat([Buffer.from(text, 'utf8'), bodyBytes]), headerLines: lines.length - 1 };
}

const crlf = (lines: string[]): string => lines.map((l) => l + '\r\n').join('');

const offerSdp = crlf([
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 192.0.2.101',
  's=-',
  'c=IN IP4 192.0.2.101',
  't=0 0',
  'm=audio 49170 RTP/AVP 0 8 9 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  'm=video 51372 RTP/AVP 96',
  'a=rtpmap:96 H264/90000',
  'a=fmtp:96 profile-level-id=42e01f;packetization-mode=1',
  'a=sendrecv',
]);

const answerSdp = crlf([
  'v=0',
  'o=bob 2808844564 2808844564 IN IP4 203.0.113.45',
  's=-',
  'c=IN IP4 203.0.113.45',
  't=0 0',
  'm=audio 3456 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  'm=video 0 RTP/AVP 96',
]);

const callId = 'a84b4c76e66710@pc33.atlanta.example.com';

const invite = build([
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP proxy.atlanta.example.com:5060;branch=z9hG4bK2d4790.1;received=198.51.100.3',
  'Via: SIP/2.0/UDP 192.0.2.101:5060;rport=5060;received=192.0.2.101;branch=z9hG4bK776asdhds',
  'Record-Route: <sip:proxy.atlanta.example.com;lr;ftag=1928301774>',
  'Max-Forwards: 69',
  'From: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774',
  'To: "Bob" <sip:bob@biloxi.example.com>',
  `Call-ID: ${callId}`,
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@192.0.2.101:5060;transport=udp>;+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"',
  'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, INFO, UPDATE, REFER, NOTIFY',
  'Supported: replaces, timer, 100rel',
  'Session-Expires: 1800;refresher=uac',
  'Min-SE: 90',
  'User-Agent: Softphone/4.2.1 (Linux)',
  'Content-Type: application/sdp',
  'Content-Length: {len}',
], offerSdp);

const ok = build([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP proxy.atlanta.example.com:5060;branch=z9hG4bK2d4790.1;received=198.51.100.3',
  'Via: SIP/2.0/UDP 192.0.2.101:5060;rport=5060;received=192.0.2.101;branch=z9hG4bK776asdhds',
  'Record-Route: <sip:proxy.biloxi.example.com;lr>, <sip:proxy.atlanta.example.com;lr;ftag=1928301774>',
  'From: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774',
  'To: "Bob" <sip:bob@biloxi.example.com>;tag=a6c85cf',
  `Call-ID: ${callId}`,
  'CSeq: 314159 INVITE',
  'Contact: <sip:bob@203.0.113.45:5060>',
  'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, UPDATE',
  'Supported: replaces, timer',
  'Require: timer',
  'Session-Expires: 1800;refresher=uac',
  'Server: PBX/16.0',
  'Content-Type: application/sdp',
  'Content-Length: {len}',
], answerSdp);

const register = build([
  'REGISTER sip:registrar.biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/TCP 10.0.0.23:50632;rport;branch=z9hG4bKnashds7',
  'Max-Forwards: 70',
  'From: <sip:bob@biloxi.example.com>;tag=a73kszlfl',
  'To: <sip:bob@biloxi.example.com>',
  'Call-ID: 1j9FpLxk3uxtm8tn@10.0.0.23',
  'CSeq: 2 REGISTER',
  'Contact: <sip:bob@10.0.0.23:50632;transport=tcp>;expires=3600;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1',
  'Authorization: Digest username="bob", realm="biloxi.example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:registrar.biloxi.example.com", response="245f23415f11432b3434341c022e0c42", algorithm=MD5, cnonce="0a4f113b", qop=auth, nc=00000001, opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, NOTIFY',
  'Supported: path, gruu, outbound',
  'User-Agent: Softphone/4.2.1 (Linux)',
  'Expires: 3600',
  'Content-Length: {len}',
], '');

const unauthorized = build([
  'SIP/2.0 401 Unauthorized',
  'Via: SIP/2.0/TCP 10.0.0.23:50632;rport=50632;received=198.51.100.77;branch=z9hG4bKnashds7',
  'From: <sip:bob@biloxi.example.com>;tag=a73kszlfl',
  'To: <sip:bob@biloxi.example.com>;tag=1410948204',
  'Call-ID: 1j9FpLxk3uxtm8tn@10.0.0.23',
  'CSeq: 1 REGISTER',
  'WWW-Authenticate: Digest realm="biloxi.example.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41", algorithm=MD5, stale=FALSE',
  'Server: Registrar/5.7.2',
  'Content-Length: {len}',
], '');

// Sent by a mobile client that uses compact header forms to stay under the UDP MTU (RFC 3261 §7.3.3).
const message = build([
  'MESSAGE sip:carol@chicago.example.com SIP/2.0',
  'v: SIP/2.0/UDP 192.0.2.55:5062;branch=z9hG4bKa1b2c3d4e5;rport',
  'Max-Forwards: 70',
  'f: "Zoë" <sip:zoe@atlanta.example.com>;tag=49583',
  't: <sip:carol@chicago.example.com>',
  'i: 3848276298220188511@192.0.2.55',
  'CSeq: 1 MESSAGE',
  'c: text/plain;charset=UTF-8',
  'l: {len}',
], 'Grüße aus Köln — see you at 19:30? 🍻');

const options = build([
  'OPTIONS sip:alice@192.0.2.101:5060 SIP/2.0',
  'Via: SIP/2.0/UDP 198.51.100.3:5060;branch=z9hG4bK0c2b.5e7a0a1f.0',
  'Max-Forwards: 70',
  'From: <sip:keepalive@proxy.atlanta.example.com>;tag=8e4f1f7a-4f2b',
  'To: <sip:alice@192.0.2.101:5060>',
  'Call-ID: 7c1e4f0b-3a57-4e1c-9d8a-2b6f0c3d9e11',
  'CSeq: 10 OPTIONS',
  'Contact: <sip:proxy.atlanta.example.com:5060>',
  'Accept: application/sdp',
  'User-Agent: SIP Proxy 5.7',
  'Content-Length: {len}',
], '');

const ringing = build([
  'SIP/2.0 180 Ringing',
  'Via: SIP/2.0/UDP proxy.atlanta.example.com:5060;branch=z9hG4bK2d4790.1;received=198.51.100.3',
  'Via: SIP/2.0/UDP 192.0.2.101:5060;rport=5060;received=192.0.2.101;branch=z9hG4bK776asdhds',
  'Record-Route: <sip:proxy.biloxi.example.com;lr>, <sip:proxy.atlanta.example.com;lr;ftag=1928301774>',
  'From: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774',
  'To: "Bob" <sip:bob@biloxi.example.com>;tag=a6c85cf',
  `Call-ID: ${callId}`,
  'CSeq: 314159 INVITE',
  'Contact: <sip:bob@203.0.113.45:5060>',
  'Content-Length: {len}',
], '');

// Sent over TLS with the default port, so the Via carries no port.
const bye = build([
  'BYE sip:alice@192.0.2.101:5060;transport=udp SIP/2.0',
  'Via: SIP/2.0/TLS pbx.biloxi.example.com;branch=z9hG4bKnashds10',
  'Max-Forwards: 70',
  'Route: <sip:proxy.biloxi.example.com;lr>, <sip:proxy.atlanta.example.com;lr;ftag=1928301774>',
  'From: "Bob" <sip:bob@biloxi.example.com>;tag=a6c85cf',
  'To: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774',
  `Call-ID: ${callId}`,
  'CSeq: 231 BYE',
  'Reason: Q.850;cause=16;text="Normal call clearing"',
  'Content-Length: {len}',
], '');

export const corpus: CorpusEntry[] = [
  { name: 'INVITE+SDP', ...invite, expect: { branch: 'z9hG4bK2d4790.1', viaHost: 'proxy.atlanta.example.com', viaPort: 5060, cseq: 314159, cseqMethod: 'INVITE', callId, fromTag: '1928301774', toTag: undefined } },
  { name: '200 INVITE+RR', ...ok, expect: { branch: 'z9hG4bK2d4790.1', viaHost: 'proxy.atlanta.example.com', viaPort: 5060, cseq: 314159, cseqMethod: 'INVITE', callId, fromTag: '1928301774', toTag: 'a6c85cf' } },
  { name: 'REGISTER', ...register, expect: { branch: 'z9hG4bKnashds7', viaHost: '10.0.0.23', viaPort: 50632, cseq: 2, cseqMethod: 'REGISTER', callId: '1j9FpLxk3uxtm8tn@10.0.0.23', fromTag: 'a73kszlfl', toTag: undefined } },
  { name: '401 digest', ...unauthorized, expect: { branch: 'z9hG4bKnashds7', viaHost: '10.0.0.23', viaPort: 50632, cseq: 1, cseqMethod: 'REGISTER', callId: '1j9FpLxk3uxtm8tn@10.0.0.23', fromTag: 'a73kszlfl', toTag: '1410948204' } },
  { name: 'MESSAGE', ...message, expect: { branch: 'z9hG4bKa1b2c3d4e5', viaHost: '192.0.2.55', viaPort: 5062, cseq: 1, cseqMethod: 'MESSAGE', callId: '3848276298220188511@192.0.2.55', fromTag: '49583', toTag: undefined } },
  { name: 'OPTIONS', ...options, expect: { branch: 'z9hG4bK0c2b.5e7a0a1f.0', viaHost: '198.51.100.3', viaPort: 5060, cseq: 10, cseqMethod: 'OPTIONS', callId: '7c1e4f0b-3a57-4e1c-9d8a-2b6f0c3d9e11', fromTag: '8e4f1f7a-4f2b', toTag: undefined } },
  { name: '180 Ringing', ...ringing, expect: { branch: 'z9hG4bK2d4790.1', viaHost: 'proxy.atlanta.example.com', viaPort: 5060, cseq: 314159, cseqMethod: 'INVITE', callId, fromTag: '1928301774', toTag: 'a6c85cf' } },
  { name: 'BYE', ...bye, expect: { branch: 'z9hG4bKnashds10', viaHost: 'pbx.biloxi.example.com', viaPort: undefined, cseq: 231, cseqMethod: 'BYE', callId, fromTag: 'a6c85cf', toTag: '1928301774' } },
];
