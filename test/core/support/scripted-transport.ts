import { parseMessage, type SipRequest, type SipResponse } from '../../../src/syntax/index.js';
import { Emitter } from '../../../src/transport/emitter.js';
import type { FakeClock } from '../../../src/transport/fake-clock.js';
import type { Peer, Transport, TransportEvents, TransportProtocol } from '../../../src/transport/transport.js';

export interface Sent {
  at: number;
  to: Peer;
  text: string;
  message: SipRequest | SipResponse;
}

export const REMOTE: Peer = { protocol: 'UDP', host: '192.0.2.7', port: 5070 };

/** A transport a test drives by hand: `deliver` plays a message from the network, `sent` records what went out. */
export class ScriptedTransport implements Transport {
  readonly protocol: TransportProtocol = 'UDP';
  readonly reliable = false;
  readonly viaHost = '192.0.2.1';
  readonly viaPort = 5060;
  readonly connected = true;
  readonly sent: Sent[] = [];
  private readonly events = new Emitter<TransportEvents>();

  constructor(private readonly clock: FakeClock) {}

  deliver(text: string, from: Peer = REMOTE): void {
    let message;
    try {
      message = parseMessage(text);
    } catch (error) {
      this.events.emit('malformed', error as Error, new TextEncoder().encode(text), from);
      return;
    }
    this.events.emit('message', message, from);
  }

  /** Responses sent, as status codes, in order. */
  get statuses(): number[] {
    return this.sent.flatMap((s) => ('status' in s.message ? [s.message.status] : []));
  }

  async connect(): Promise<void> {}

  async send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    const text = new TextDecoder().decode(message.toBytes());
    this.sent.push({ at: this.clock.now(), to, text, message: parseMessage(text) });
  }

  async close(): Promise<void> {}

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void {
    this.events.on(event, listener);
  }

  off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): void {
    this.events.off(event, listener);
  }
}

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
