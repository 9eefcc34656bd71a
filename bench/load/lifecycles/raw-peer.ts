import { parseMessage, SipRequest, type SipResponse } from '../../../src/syntax/index.js';
import type { LoopbackPeer, LoopbackTransport } from './loopback.js';
import { PEER_SDP } from './null-media.js';

const encoder = new TextEncoder();
const PEER_CONTACT = '<sip:peer@127.0.0.2:5090>';
const remoteTarget = (response: SipResponse): string => /<([^>]+)>/.exec(response.rawHeader('Contact') ?? '')?.[1] ?? 'sip:ua@127.0.0.1:5091';

/**
 * The far end of the lifecycle benchmark, stateless so that the heap measured is the UA's: it
 * answers the UA's requests from the request alone (MESSAGE → 200 unless `holdMessages`, INVITE →
 * 200 with SDP, BYE → 200; ACK ignored), ACKs every 200 to its own INVITEs from the 200 alone, and
 * sends numbered MESSAGEs and INVITEs to the UA. While `holdMessages` is set it answers no MESSAGE:
 * the UA's retransmissions get the 200 once it is cleared. While `hangUpOnAnswer` is set it follows
 * the ACK to each 200 to its INVITEs with a BYE, also built from that 200 alone.
 */
export class RawPeer implements LoopbackPeer {
  transport: LoopbackTransport | undefined;
  holdMessages = false;
  hangUpOnAnswer = false;
  /** Requests of each method received, retransmissions included; responses received by status and method. */
  readonly received = new Map<string, number>();
  /** Responses sent by status and method (`200 BYE`), retransmissions included. */
  readonly answered = new Map<string, number>();

  receive(bytes: Uint8Array): void {
    const message = parseMessage(bytes);
    const key = message instanceof SipRequest ? message.method : `${message.status} ${message.cseq.method}`;
    this.received.set(key, (this.received.get(key) ?? 0) + 1);
    if (message instanceof SipRequest) this.answer(message);
    else if (message.status === 200 && message.cseq.method === 'INVITE') {
      this.ack(message);
      if (this.hangUpOnAnswer) this.bye(message);
    }
  }

  count(key: string): number {
    return this.received.get(key) ?? 0;
  }

  countAnswered(key: string): number {
    return this.answered.get(key) ?? 0;
  }

  /** A MESSAGE (`kind` MESSAGE) or an INVITE with SDP, number `n`, to the UA. */
  sendRequest(kind: 'MESSAGE' | 'INVITE', n: number): void {
    const body = kind === 'INVITE' ? PEER_SDP : 'hello';
    const type = kind === 'INVITE' ? 'application/sdp' : 'text/plain';
    this.send(
      `${kind} sip:ua@127.0.0.1:5091 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5090;branch=z9hG4bK-peer-${kind}-${n}\r\nFrom: <sip:peer@127.0.0.2>;tag=p${n}\r\nTo: <sip:ua@127.0.0.1>\r\n` +
        `Call-ID: peer-${kind}-${n}\r\nCSeq: 1 ${kind}\r\nMax-Forwards: 70\r\nContact: ${PEER_CONTACT}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
  }

  private answer(request: SipRequest): void {
    if (request.method === 'ACK') return;
    if (request.method === 'MESSAGE' && this.holdMessages) return;
    const sdp = request.method === 'INVITE';
    const to = request.rawHeader('To') ?? '';
    const toTag = /;tag=/i.test(to) ? '' : ';tag=peer';
    const key = `200 ${request.method}`;
    this.answered.set(key, (this.answered.get(key) ?? 0) + 1);
    this.send(
      `SIP/2.0 200 OK\r\n${request.rawHeaders('Via').map((v) => `Via: ${v}\r\n`).join('')}From: ${request.rawHeader('From')}\r\nTo: ${to}${toTag}\r\nCall-ID: ${request.callId}\r\nCSeq: ${request.cseq.seq} ${request.method}\r\n` +
        (sdp ? `Contact: ${PEER_CONTACT}\r\nContent-Type: application/sdp\r\nContent-Length: ${PEER_SDP.length}\r\n\r\n${PEER_SDP}` : 'Content-Length: 0\r\n\r\n'),
    );
  }

  private ack(response: SipResponse): void {
    this.send(
      `ACK ${remoteTarget(response)} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5090;branch=z9hG4bK-ack-${response.callId}\r\nFrom: ${response.rawHeader('From')}\r\nTo: ${response.rawHeader('To')}\r\n` +
        `Call-ID: ${response.callId}\r\nCSeq: ${response.cseq.seq} ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
    );
  }

  /** RFC 3261 §15.1.1: the BYE goes to the remote target (the 200's Contact) with the dialog's tags and a higher CSeq. */
  private bye(response: SipResponse): void {
    this.send(
      `BYE ${remoteTarget(response)} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5090;branch=z9hG4bK-bye-${response.callId}\r\nFrom: ${response.rawHeader('From')}\r\nTo: ${response.rawHeader('To')}\r\n` +
        `Call-ID: ${response.callId}\r\nCSeq: ${response.cseq.seq + 1} BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
    );
  }

  private send(text: string): void {
    this.transport?.deliver(encoder.encode(text));
  }
}
