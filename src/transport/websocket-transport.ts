import { frameDatagram, messageLimits, tooLarge, type MessageLimits, type SipRequest, type SipResponse } from '../syntax/index.js';
import { connectFailureText } from './connect-failure.js';
import { Emitter } from './emitter.js';
import { hidePasswords } from './hide-passwords.js';
import { KEEP_ALIVE_PING, KEEP_ALIVE_PONG, type KeepAliveTransport, type KeepAliveTransportEvents } from './keep-alive-transport.js';
import { errorText, TransportError, type Peer } from './transport.js';
import { randomInvalidHost } from './via-host.js';
import { platformWebSocketFactory, type WebSocketFactory, type WebSocketLike } from './websocket-like.js';

/** RFC 7118 §4.1: the WebSocket subprotocol token for SIP. */
export const SIP_WEBSOCKET_PROTOCOL = 'sip';

export interface WebSocketTransportOptions {
  /**
   * The server, `ws://…` or `wss://…`. A `user:password@` in it is handed to the WebSocket as is:
   * it is how HTTP Basic credentials for the opening handshake are given (RFC 7118 §7: a client
   * "MUST be ready to be challenged with an HTTP 401"; the `ws` package sends them in the
   * Authorization header). It is never printed: errors show it as NOT SHOWN.
   */
  url: string;
  /** Opens the socket; default: the platform `WebSocket` (Node: pass `nodeWebSocketFactory` from the Node entry). */
  webSocketFactory?: WebSocketFactory;
  /** Via sent-by host; default a random `<id>.invalid` (RFC 7118 Appendix B.1). */
  viaHost?: string;
  /** Bounds on each message received; default DEFAULT_MESSAGE_LIMITS (64 KiB head, 256 header lines, 64 KiB body). */
  limits?: Partial<MessageLimits>;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();
let nextConnection = 1;

/**
 * SIP over WebSocket, client side (RFC 7118): one connection to one server, the `sip`
 * subprotocol, one SIP message per WebSocket message. Reliable, so transactions over it
 * do not retransmit.
 */
export class WebSocketTransport extends Emitter<KeepAliveTransportEvents> implements KeepAliveTransport {
  readonly protocol: 'WS' | 'WSS';
  readonly reliable = true;
  readonly viaHost: string;
  readonly viaPort = undefined;
  readonly url: string;
  private readonly factory: WebSocketFactory | undefined;
  private readonly server: Peer;
  private readonly limits: MessageLimits;
  /** The largest WebSocket message that can hold a message within the limits (head, blank line, body). */
  private readonly maxMessageBytes: number;
  private socket: WebSocketLike | undefined;
  private opening: Promise<void> | undefined;
  private open = false;
  private closedByUser = false;
  private abortOpening: ((error: TransportError) => void) | undefined;
  private connectionId = '';

  constructor(options: WebSocketTransportOptions) {
    super();
    const url = new URL(options.url);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new TypeError(`not a WebSocket URL: ${hidePasswords(options.url)}`);
    this.url = options.url;
    this.protocol = url.protocol === 'wss:' ? 'WSS' : 'WS';
    this.factory = options.webSocketFactory ?? platformWebSocketFactory();
    this.viaHost = options.viaHost ?? randomInvalidHost();
    this.limits = messageLimits(options.limits);
    this.maxMessageBytes = this.limits.maxHeadBytes + 4 + this.limits.maxBodyBytes;
    const port = url.port === '' ? (this.protocol === 'WSS' ? 443 : 80) : Number(url.port);
    this.server = { protocol: this.protocol, host: url.hostname, port };
  }

  get connected(): boolean {
    return this.open;
  }

  get localAddress(): string | undefined {
    return this.open ? this.socket?.localAddress : undefined;
  }

  connect(): Promise<void> {
    if (this.open) return Promise.resolve();
    this.opening ??= this.openSocket().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Send one message as one WebSocket message; `to` is ignored (there is one connection). */
  send(message: SipRequest | SipResponse): Promise<void> {
    // RFC 7118 §4.2: text frames carry UTF-8, so a body that is not valid UTF-8 goes in a binary frame.
    return this.sendFrame(isUtf8(message.body) ? message.toString() : message.toBytes());
  }

  sendKeepAlive(): Promise<void> {
    return this.sendFrame(KEEP_ALIVE_PING);
  }

  close(): Promise<void> {
    this.closedByUser = true;
    const socket = this.socket;
    const wasOpen = this.open;
    const abort = this.abortOpening;
    this.detach();
    abort?.(new TransportError('closed before the WebSocket connection was established', this.url));
    if (socket) socket.close(1000);
    if (wasOpen) this.emit('disconnected');
    this.removeAllListeners();
    return Promise.resolve();
  }

  private openSocket(): Promise<void> {
    const factory = this.factory;
    if (factory === undefined) {
      return Promise.reject(
        new TransportError("no WebSocket in this JavaScript environment: in Node, import SIP from 'sipforge/node' (or give the transport a webSocketFactory)", this.url),
      );
    }
    this.closedByUser = false;
    return new Promise<void>((resolve, reject) => {
      this.abortOpening = reject;
      let socket: WebSocketLike;
      try {
        socket = factory(this.url, [SIP_WEBSOCKET_PROTOCOL], { maxMessageBytes: this.maxMessageBytes });
      } catch (error) {
        reject(new TransportError(`cannot open WebSocket: ${connectFailureText(error)}`, this.url, { cause: error }));
        return;
      }
      this.socket = socket;
      socket.binaryType = 'arraybuffer';
      let lastError: unknown;
      socket.onerror = (event) => {
        lastError = errorOfEvent(event);
      };
      socket.onopen = () => {
        // RFC 7118 §4.1: only a connection on which the server echoed `sip` may carry SIP.
        if (socket.protocol !== SIP_WEBSOCKET_PROTOCOL) {
          this.detach();
          socket.close(1002, 'SIP subprotocol required');
          const answered = socket.protocol === '' ? 'none' : `"${socket.protocol}"`;
          reject(new TransportError(`server did not accept the WebSocket subprotocol "sip" (it selected ${answered})`, this.url));
          return;
        }
        this.open = true;
        this.connectionId = `ws-${nextConnection++}`;
        lastError = undefined;
        socket.onclose = (event) => {
          const cause = lastError === undefined ? '' : `: ${connectFailureText(lastError)}`;
          this.lost(`WebSocket closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})${cause}`, lastError);
        };
        socket.onerror = (event) => {
          lastError = errorOfEvent(event);
          const detail = lastError === undefined ? 'no reason given' : connectFailureText(lastError);
          this.emit('error', new TransportError(`WebSocket error: ${detail}`, this.url, { cause: lastError }));
        };
        socket.onmessage = (event) => this.receive(event.data);
        resolve();
        this.emit('connected');
      };
      socket.onclose = (event) => {
        this.detach();
        // A browser's error event carries no reason (a page may not learn why a connection failed); `ws` passes the socket error.
        const detail =
          lastError === undefined
            ? `closed with code ${event.code} before opening; the platform gives no reason (refused, unknown host, TLS or HTTP failure)`
            : connectFailureText(lastError);
        reject(new TransportError(`WebSocket connection failed: ${detail}`, this.url, { cause: lastError }));
      };
    });
  }

  private lost(reason: string, cause: unknown): void {
    this.detach();
    if (this.closedByUser) return;
    this.emit('disconnected', new TransportError(reason, this.url, { cause }));
  }

  private detach(): void {
    const socket = this.socket;
    this.open = false;
    this.socket = undefined;
    this.abortOpening = undefined;
    if (!socket) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    // Keep an error handler: `ws` throws an 'error' event nobody listens to (e.g. close() while connecting).
    socket.onerror = () => undefined;
  }

  private receive(data: unknown): void {
    const from: Peer = { ...this.server, connectionId: this.connectionId };
    const frame = typeof data === 'string' ? data : toBytes(data);
    if (frame === undefined) return;
    // Where the socket set no size limit (a browser's): a message larger than any within the
    // limits is refused unread. In UTF-16 units a text frame is no longer than in octets.
    if (frame.length > this.maxMessageBytes) {
      this.emit('malformed', tooLarge(`a WebSocket message over ${this.maxMessageBytes} octets`), new Uint8Array(0), from);
      return;
    }
    const event = frameDatagram(frame, this.limits);
    switch (event.type) {
      case 'message':
        this.emit('message', event.message, from);
        break;
      case 'ping':
        this.sendFrame(KEEP_ALIVE_PONG).catch(() => undefined);
        break;
      case 'pong':
        this.emit('pong', from);
        break;
      case 'error':
        this.emit('malformed', event.error, typeof frame === 'string' ? encoder.encode(frame) : frame, from);
    }
  }

  private sendFrame(data: string | Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!this.open || socket === undefined) return Promise.reject(new TransportError('WebSocket not connected', this.url));
    try {
      socket.send(data);
    } catch (error) {
      return Promise.reject(new TransportError(`WebSocket send failed: ${errorText(error)}`, this.url, { cause: error }));
    }
    return Promise.resolve();
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/** The Error an error event carries (`ws` sets `error`), or its non-empty `message`; undefined for a browser's bare Event. */
function errorOfEvent(event: unknown): unknown {
  if (typeof event !== 'object' || event === null) return undefined;
  const { error, message } = event as { error?: unknown; message?: unknown };
  if (error instanceof Error) return error;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
