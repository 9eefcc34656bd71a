/** A request from bob to alice, as the server relays it. */
export function incoming(
  method: string,
  options: { body?: string; contentType?: string; branch?: string; callId?: string; contact?: boolean; toTag?: string; cseq?: number; extra?: string[] } = {},
): string {
  const body = options.body ?? '';
  return (
    `${method} sip:k7d2@ua1.invalid;transport=ws SIP/2.0\r\n` +
    `Via: SIP/2.0/WSS edge.example.com;branch=${options.branch ?? 'z9hG4bKsrv1'}\r\n` +
    'Max-Forwards: 69\r\n' +
    'From: "Bob" <sip:bob@example.com>;tag=bob1\r\n' +
    `To: <sip:alice@example.com>${options.toTag === undefined ? '' : `;tag=${options.toTag}`}\r\n` +
    `Call-ID: ${options.callId ?? 'srv-call-1'}\r\n` +
    `CSeq: ${options.cseq ?? 5} ${method}\r\n` +
    (options.contact === false ? '' : 'Contact: <sip:bob@192.0.2.9;transport=ws;alias=192.0.2.9~5066~5>\r\n') +
    (options.extra ?? []).map((line) => `${line}\r\n`).join('') +
    (options.contentType === undefined ? '' : `Content-Type: ${options.contentType}\r\n`) +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
  );
}
