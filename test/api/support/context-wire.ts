import { OutOfDialogRequestFactory, UserAgentCore, type DigestCredentials, type IdGenerator } from '../../../src/core/index.js';
import { parseMessage, parseUri, SipRequest, type SipResponse } from '../../../src/syntax/index.js';
import { Emitter, FakeClock, TransportError, type Peer, type Transport, type TransportEvents, type TransportProtocol } from '../../../src/transport/index.js';
import { AuthenticatingRequestSender } from '../../../src/api/authenticating-request-sender.js';

/** The server the UA is connected to. */
export const SERVER: Peer = { protocol: 'WS', host: 'edge.example.com', port: 443, connectionId: 'ws-1' };

export interface WireSent {
  at: number;
  to: Peer;
  text: string;
  message: SipRequest | SipResponse;
}

/**
 * A WebSocket-like transport a test drives by hand (after test/core/support/scripted-transport.ts):
 * `deliver` plays a message from the server, `sent` records what went out, `failing` makes sends reject.
 */
export class WireTransport implements Transport {
  readonly protocol: TransportProtocol = 'WS';
  readonly reliable = true;
  readonly viaHost = 'ua1.invalid';
  readonly viaPort = undefined;
  readonly connected = true;
  readonly sent: WireSent[] = [];
  failing = false;
  private readonly events = new Emitter<TransportEvents>();

  constructor(private readonly clock: FakeClock) {}

  deliver(text: string, from: Peer = SERVER): void {
    const message = parseMessage(text);
    this.events.emit('message', message, from);
  }

  /** Requests sent, in order. */
  get requests(): SipRequest[] {
    return this.sent.flatMap((s) => (s.message instanceof SipRequest ? [s.message] : []));
  }

  /** Responses sent, as status codes, in order. */
  get statuses(): number[] {
    return this.sent.flatMap((s) => ('status' in s.message ? [s.message.status] : []));
  }

  /** The last message sent. */
  get last(): WireSent {
    const last = this.sent[this.sent.length - 1];
    if (last === undefined) throw new Error('nothing was sent');
    return last;
  }

  async connect(): Promise<void> {}

  async send(message: SipRequest | SipResponse, to: Peer): Promise<void> {
    if (this.failing) throw new TransportError('socket closed', `WS ${to.host}:${to.port}`);
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

/** Predictable branches, tags and Call-IDs: z9hG4bK-1, tag-2, call-3, … */
export function countingIds(): IdGenerator {
  let n = 0;
  return {
    branch: () => `z9hG4bK-${++n}`,
    tag: () => `tag-${++n}`,
    callId: () => `call-${++n}`,
  };
}

export const ALICE: DigestCredentials = { username: 'alice', password: 'secret' };

/** A UA core on a WireTransport with a FakeClock, and the AuthenticatingRequestSender of a UA alice@example.com. */
export function wire(options: { credentials?: DigestCredentials } = {}) {
  const clock = new FakeClock();
  const transport = new WireTransport(clock);
  const core = new UserAgentCore({ transport, clock });
  core.start();
  const ids = countingIds();
  const factory = new OutOfDialogRequestFactory({
    transport,
    contact: '<sip:k7d2@ua1.invalid;transport=ws>',
    userAgent: 'sipforge-test',
    ids,
  });
  const sender = new AuthenticatingRequestSender({
    core,
    factory: () => factory,
    from: { uri: parseUri('sip:alice@example.com'), displayName: 'Alice' },
    destination: () => SERVER,
    credentials: options.credentials,
    ids,
  });
  return { clock, transport, core, factory, sender, ids };
}

/** Microtasks run (a rejected send reaches its transaction); no time passes. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** The wire text of a response to `request`, as the server would send it. */
export function answer(
  request: SipRequest,
  status: number,
  options: { reason?: string; toTag?: string; headers?: string[]; body?: string; contentType?: string } = {},
): string {
  const to = request.rawHeader('To')!;
  const body = options.body ?? '';
  return (
    `SIP/2.0 ${status} ${options.reason ?? 'Reason'}\r\n` +
    `Via: ${request.rawHeader('Via')}\r\n` +
    `From: ${request.rawHeader('From')}\r\n` +
    `To: ${options.toTag === undefined || status === 100 ? to : `${to};tag=${options.toTag}`}\r\n` +
    `Call-ID: ${request.callId}\r\n` +
    `CSeq: ${request.rawHeader('CSeq')}\r\n` +
    (options.headers ?? []).map((h) => `${h}\r\n`).join('') +
    (body ? `Content-Type: ${options.contentType ?? 'application/sdp'}\r\n` : '') +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
  );
}

export const CHALLENGE = 'WWW-Authenticate: Digest realm="example.com", nonce="5f2a9e", algorithm=MD5, qop="auth"';
