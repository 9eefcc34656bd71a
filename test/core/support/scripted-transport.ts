export { ScriptedTransport, DEFAULT_REMOTE as REMOTE } from '../../support/scripted-transport.js';

export function request(method: string, options: { toTag?: string; branch?: string; cseq?: number; cseqMethod?: string; extra?: string; body?: string; callId?: string; fromTag?: string } = {}): string {
  const body = options.body ?? '';
  return (
    `${method} sip:uas@192.0.2.1 SIP/2.0\r\n` +
    `Via: SIP/2.0/UDP 192.0.2.7:5070;branch=${options.branch ?? 'z9hG4bKcore1'};rport\r\n` +
    'Max-Forwards: 70\r\n' +
    `From: <sip:uac@192.0.2.7>;tag=${options.fromTag ?? 'f1'}\r\n` +
    `To: <sip:uas@192.0.2.1>${options.toTag ? `;tag=${options.toTag}` : ''}\r\n` +
    `Call-ID: ${options.callId ?? 'call-1'}\r\n` +
    `CSeq: ${options.cseq ?? 1} ${options.cseqMethod ?? method}\r\n` +
    'Contact: <sip:uac@192.0.2.7:5070>\r\n' +
    (options.extra ?? '') +
    (body ? 'Content-Type: application/sdp\r\n' : '') +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
  );
}
