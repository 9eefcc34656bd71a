import { SipRequest, type SipResponse } from '../syntax/index.js';

/**
 * The ACK a client transaction sends for a 300-699 response to its INVITE (RFC 3261 §17.1.1.3):
 * Request-URI, Call-ID and From of the INVITE; To of the response (with its tag); the INVITE's
 * top Via as the only Via; the INVITE's CSeq number with method ACK; the INVITE's Route headers.
 */
export function buildAckForNon2xx(invite: SipRequest, response: SipResponse): SipRequest {
  const ack = new SipRequest('ACK', invite.uri.clone());
  ack.addHeader('Via', invite.via.clone());
  // RFC 3261 §17.1.1.3: Route headers of the INVITE must appear so stateless proxies route the ACK alike.
  for (const route of invite.rawHeaders('Route')) ack.addHeader('Route', route);
  ack.addHeader('Max-Forwards', '70');
  ack.addHeader('From', rawOf(invite, 'From'));
  ack.addHeader('To', rawOf(response, 'To'));
  ack.addHeader('Call-ID', rawOf(invite, 'Call-ID'));
  ack.addHeader('CSeq', `${invite.cseq.seq} ACK`);
  return ack;
}

function rawOf(message: SipRequest | SipResponse, name: string): string {
  const value = message.rawHeader(name);
  if (value === undefined) throw new TypeError(`cannot build the ACK: no ${name} header`);
  return value;
}
