import type { Socket } from 'node:dgram';
import { Link } from './link.js';
import { bindLoopbackUdp, closeUdp, sendDatagram } from './udp-socket.js';

/** The UDP server a `SIP.UA` of the target sends to (`udp:` server); the UA's address is learnt from its first datagram. */
export class UaUdpLink extends Link {
  readonly target = 'ua-udp' as const;
  private uaPort: number | undefined;

  private constructor(private readonly socket: Socket) {
    super();
    socket.on('message', (data, remote) => {
      if (this.uaPort !== remote.port) {
        this.uaPort = remote.port;
        this.becameReady();
      }
      this.deliver(data.toString('latin1'));
    });
  }

  static async listen(): Promise<UaUdpLink> {
    return new UaUdpLink(await bindLoopbackUdp());
  }

  get port(): number {
    return this.socket.address().port;
  }

  get ready(): boolean {
    return this.uaPort !== undefined;
  }

  send(octets: Buffer): Promise<void> {
    if (this.uaPort === undefined) return Promise.reject(new Error('ua-udp: the UA has not sent anything yet'));
    return sendDatagram(this.socket, octets, this.uaPort);
  }

  resetStream(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return closeUdp(this.socket);
  }
}
