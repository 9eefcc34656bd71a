import { connect, createServer, type Server, type Socket } from 'node:net';
import { StreamTransport, type StreamTransportOptions } from './stream-transport.js';

export type TcpTransportOptions = StreamTransportOptions;

/** SIP over TCP (RFC 3261 §18), Node only: client and listener. */
export class TcpTransport extends StreamTransport {
  readonly protocol = 'TCP';

  constructor(options: TcpTransportOptions = {}) {
    super(options);
  }

  protected dial(host: string, port: number): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        resolve(socket);
      });
    });
  }

  protected createServer(onSocket: (socket: Socket) => void): Server {
    return createServer((socket) => {
      socket.setNoDelay(true);
      onSocket(socket);
    });
  }
}
