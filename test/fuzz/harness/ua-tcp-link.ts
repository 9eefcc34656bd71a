import { createServer, type Server, type Socket } from 'node:net';
import { Link, writeInPieces, type SendOptions } from './link.js';
import { StreamSplitter } from './wire-message.js';

/** The TCP server a `SIP.UA` of the target connects to (`tcp:` server). */
export class UaTcpLink extends Link {
  readonly target = 'ua-tcp' as const;
  private socket: Socket | undefined;

  private constructor(private readonly server: Server) {
    super();
    server.on('connection', (socket) => {
      this.socket?.destroy();
      this.socket = socket;
      const splitter = new StreamSplitter();
      socket.on('data', (chunk) => {
        for (const raw of splitter.push(chunk.toString('latin1'))) this.deliver(raw);
      });
      socket.on('close', () => {
        if (this.socket === socket) this.socket = undefined;
      });
      socket.on('error', () => undefined);
      this.becameReady();
    });
  }

  static async listen(): Promise<UaTcpLink> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new UaTcpLink(server);
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  get ready(): boolean {
    return this.socket !== undefined && !this.socket.destroyed && this.socket.writable;
  }

  send(octets: Buffer, options: SendOptions = {}): Promise<void> {
    const socket = this.socket;
    if (socket === undefined || !this.ready) return Promise.reject(new Error('ua-tcp: no connection'));
    const write = (piece: Buffer): Promise<void> =>
      new Promise((resolve, reject) => socket.write(piece, (error) => (error ? reject(error) : resolve())));
    return writeInPieces(write, octets, options.chunkSize);
  }

  /** Close the UA's connection; the UA reconnects (its reconnection timeout is 1 s in the target). */
  resetStream(): Promise<void> {
    this.socket?.destroy();
    this.socket = undefined;
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
