import { WebSocketServer, type WebSocket } from 'ws';
import { isUtf8, Link, type SendOptions } from './link.js';

/** The WebSocket server (RFC 7118, subprotocol `sip`) a `SIP.UA` of the target connects to. */
export class UaWsLink extends Link {
  readonly target = 'ua-ws' as const;
  private socket: WebSocket | undefined;

  private constructor(private readonly server: WebSocketServer) {
    super();
    server.on('connection', (socket) => {
      this.socket?.terminate();
      this.socket = socket;
      socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.deliver(toBuffer(data).toString('latin1')));
      socket.on('close', () => {
        if (this.socket === socket) this.socket = undefined;
      });
      socket.on('error', () => undefined);
      this.becameReady();
    });
  }

  static async listen(): Promise<UaWsLink> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return new UaWsLink(server);
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  get ready(): boolean {
    return this.socket !== undefined && this.socket.readyState === this.socket.OPEN;
  }

  send(octets: Buffer, options: SendOptions = {}): Promise<void> {
    const socket = this.socket;
    if (socket === undefined || !this.ready) return Promise.reject(new Error('ua-ws: no connection'));
    // A text frame must be UTF-8 (RFC 6455 §5.6); the UA's ws would close the connection on anything else.
    const text = options.frame !== 'binary' && isUtf8(octets);
    return new Promise((resolve, reject) => socket.send(octets, { binary: !text }, (error) => (error ? reject(error) : resolve())));
  }

  resetStream(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
