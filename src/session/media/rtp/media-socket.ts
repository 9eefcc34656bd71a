import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/** Where a datagram came from or goes to. */
export interface MediaAddress {
  address: string;
  port: number;
}

/** The UDP ports of one RTP session: RTP on an even port, RTCP on the next (RFC 3550 §11). */
export interface MediaSocketPair {
  readonly rtpPort: number;
  readonly rtcpPort: number;
  /** Send `length` bytes of `data`; `sent` runs once the socket no longer needs the buffer. */
  sendRtp(data: Buffer, length: number, to: MediaAddress, sent: () => void): void;
  /** Send RTCP, from the RTP port when RTP and RTCP share it (RFC 5761). */
  sendRtcp(data: Buffer, to: MediaAddress, fromRtpPort: boolean): void;
  close(): void;
}

/** What a socket pair delivers. Datagrams are untrusted network input. */
export interface MediaSocketHandlers {
  rtp(data: Buffer, from: MediaAddress): void;
  rtcp(data: Buffer, from: MediaAddress): void;
}

export interface MediaSocketRequest {
  /** Local address to bind. */
  address: string;
  /** Ports to choose from, inclusive. */
  portRange: { min: number; max: number };
  handlers: MediaSocketHandlers;
}

/** Binds the sockets of one RTP session; replaceable (tests, custom networking). */
export type MediaSocketFactory = (request: MediaSocketRequest) => Promise<MediaSocketPair>;

/** Most port pairs tried before giving up. */
const MAX_ATTEMPTS = 64;

/**
 * UDP sockets (Node `dgram`) on a free even port of the range and the port after it, starting from
 * a random place in the range so that calls do not race for the same ports.
 */
export const udpMediaSocketFactory: MediaSocketFactory = async ({ address, portRange, handlers }) => {
  const first = portRange.min + (portRange.min % 2);
  const pairs = Math.floor((portRange.max - first - 1) / 2) + 1;
  if (!Number.isInteger(first) || pairs < 1) throw new RangeError(`port range ${portRange.min}–${portRange.max} holds no RTP/RTCP port pair`);
  const start = Math.floor(Math.random() * pairs);
  let lastError: unknown;
  for (let attempt = 0; attempt < Math.min(pairs, MAX_ATTEMPTS); attempt++) {
    const port = first + ((start + attempt) % pairs) * 2;
    let rtp: Socket | undefined;
    try {
      rtp = await bound(address, port, (data, from) => handlers.rtp(data, from));
      const rtcp = await bound(address, port + 1, (data, from) => handlers.rtcp(data, from));
      return pairOf(rtp, rtcp, port);
    } catch (error) {
      rtp?.close();
      lastError = error;
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') break;
    }
  }
  throw new Error(`cannot bind RTP and RTCP ports on ${address} in ${portRange.min}–${portRange.max}: ${String((lastError as Error)?.message ?? lastError)}`);
};

function bound(address: string, port: number, onMessage: (data: Buffer, from: MediaAddress) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, address, () => {
      socket.removeAllListeners('error');
      // Errors after binding (ICMP port unreachable reported on send …) must not end the process.
      socket.on('error', () => undefined);
      socket.on('message', (data, rinfo) => onMessage(data, { address: rinfo.address, port: rinfo.port }));
      resolve(socket);
    });
  });
}

function pairOf(rtp: Socket, rtcp: Socket, port: number): MediaSocketPair {
  let closed = false;
  return {
    rtpPort: port,
    rtcpPort: port + 1,
    sendRtp(data, length, to, sent) {
      if (closed) return sent();
      try {
        rtp.send(data, 0, length, to.port, to.address, () => sent());
      } catch {
        // A socket closing under us: the packet is lost, as UDP may lose it anyway.
        sent();
      }
    },
    sendRtcp(data, to, fromRtpPort) {
      if (closed) return;
      try {
        (fromRtpPort ? rtp : rtcp).send(data, to.port, to.address);
      } catch {
        // As above: a lost report.
      }
    },
    close() {
      if (closed) return;
      closed = true;
      rtp.close();
      rtcp.close();
    },
  };
}
