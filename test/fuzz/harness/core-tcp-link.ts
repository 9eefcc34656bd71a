import { connect, type Socket } from 'node:net';
import { Link, writeInPieces, type SendOptions } from './link.js';
import { StreamSplitter } from './wire-message.js';

// How long a replaced connection stays open for answers still on their way.
const LINGER_MS = 300;

/** A client of the target's listening TCP transport: one connection at a time, opened on demand. */
export class CoreTcpLink extends Link {
  readonly target = 'core-tcp' as const;
  private corePort: number | undefined;
  private socket: Socket | undefined;
  private opening: Promise<Socket> | undefined;
  private readonly extra = new Set<Socket>();

  attach(corePort: number): void {
    this.corePort = corePort;
    this.becameReady();
  }

  get ready(): boolean {
    return this.corePort !== undefined;
  }

  async send(octets: Buffer, options: SendOptions = {}): Promise<void> {
    const socket = await this.connection();
    const write = (piece: Buffer): Promise<void> =>
      new Promise((resolve, reject) => socket.write(piece, (error) => (error ? reject(error) : resolve())));
    await writeInPieces(write, octets, options.chunkSize);
  }

  /** Leave the current connection (closed after a short linger); the next message opens a new one. */
  resetStream(): Promise<void> {
    const old = this.socket;
    this.socket = undefined;
    if (old !== undefined) setTimeout(() => old.destroy(), LINGER_MS).unref();
    return Promise.resolve();
  }

  /**
   * Open `count` more connections to the listener and leave them idle (they stay open until
   * close()); resolves with how many connected (the kernel completes a handshake even when the target cannot accept it).
   */
  async openIdle(count: number): Promise<number> {
    let accepted = 0;
    for (let i = 0; i < count; i++) {
      try {
        const socket = await this.open(false);
        this.extra.add(socket);
        accepted++;
      } catch {
        // Refused or reset: keep counting the ones that did connect.
      }
    }
    return accepted;
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    this.socket = undefined;
    for (const socket of this.extra) socket.destroy();
    this.extra.clear();
  }

  private async connection(): Promise<Socket> {
    if (this.socket !== undefined && !this.socket.destroyed && this.socket.writable) return this.socket;
    this.opening ??= this.open(true).finally(() => {
      this.opening = undefined;
    });
    this.socket = await this.opening;
    return this.socket;
  }

  private open(listen: boolean): Promise<Socket> {
    const port = this.corePort;
    if (port === undefined) return Promise.reject(new Error('core-tcp: target port unknown'));
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', () => undefined);
        if (listen) {
          const splitter = new StreamSplitter();
          socket.on('data', (chunk) => {
            for (const raw of splitter.push(chunk.toString('latin1'))) this.deliver(raw);
          });
        } else {
          socket.resume();
        }
        socket.on('close', () => {
          if (this.socket === socket) this.socket = undefined;
          this.extra.delete(socket);
        });
        resolve(socket);
      });
    });
  }
}
