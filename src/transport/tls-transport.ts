import type { Server, Socket } from 'node:net';
import { isIP } from 'node:net';
import { connect, createServer } from 'node:tls';
import { StreamTransport, type StreamTransportOptions } from './stream-transport.js';

/** Passed through to `tls.connect` and `tls.createServer`. */
export interface TlsOptions {
  cert?: string | Buffer | Array<string | Buffer>;
  key?: string | Buffer | Array<string | Buffer>;
  ca?: string | Buffer | Array<string | Buffer>;
  /** Verify the peer's certificate; Node's default (true) when unset. */
  rejectUnauthorized?: boolean;
  /** SNI name and name to verify; default the host dialled, when it is not an IP address. */
  servername?: string;
  /** Ask connecting clients for a certificate (listener side). */
  requestCert?: boolean;
}

export interface TlsTransportOptions extends StreamTransportOptions {
  tls?: TlsOptions;
}

/** SIP over TLS (RFC 3261 §18, §26.2.1), Node only: client and listener. A listener needs `tls.cert` and `tls.key`. */
export class TlsTransport extends StreamTransport {
  readonly protocol = 'TLS';
  private readonly tls: TlsOptions;

  constructor(options: TlsTransportOptions = {}) {
    super(options);
    this.tls = options.tls ?? {};
  }

  protected dial(host: string, port: number): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      const servername = this.tls.servername ?? (isIP(host) === 0 ? host : undefined);
      const socket = connect({ host, port, ...this.tls, servername });
      socket.once('error', reject);
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        resolve(socket);
      });
    });
  }

  protected createServer(onSocket: (socket: Socket) => void): Server {
    return createServer(this.tls, (socket) => {
      socket.setNoDelay(true);
      onSocket(socket);
    });
  }
}
