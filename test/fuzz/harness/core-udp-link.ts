import type { Socket } from 'node:dgram';
import { Link } from './link.js';
import { bindLoopbackUdp, closeUdp, sendDatagram } from './udp-socket.js';

/**
 * A client of the target's listening UDP transport. The target sends every datagram of that
 * transport to this socket, wherever the Via would send it (see target/core-listeners.ts).
 */
export class CoreUdpLink extends Link {
  private corePort: number | undefined;

  private constructor(
    private readonly socket: Socket,
    /** `core-udp`, or `listen-udp` for the listening SIP.UA (the same kind of client of a UDP listener). */
    readonly target: 'core-udp' | 'listen-udp',
  ) {
    super();
    socket.on('message', (data) => this.deliver(data.toString('latin1')));
  }

  static async open(target: 'core-udp' | 'listen-udp' = 'core-udp'): Promise<CoreUdpLink> {
    return new CoreUdpLink(await bindLoopbackUdp(), target);
  }

  /** This socket's port: where the target sends what its UDP listener sends. */
  get port(): number {
    return this.socket.address().port;
  }

  /** The target's listener, once it reported its port. */
  attach(corePort: number): void {
    this.corePort = corePort;
    this.becameReady();
  }

  get ready(): boolean {
    return this.corePort !== undefined;
  }

  send(octets: Buffer): Promise<void> {
    if (this.corePort === undefined) return Promise.reject(new Error('core-udp: target port unknown'));
    return sendDatagram(this.socket, octets, this.corePort);
  }

  resetStream(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return closeUdp(this.socket);
  }
}
