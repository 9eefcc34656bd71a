import { createSocket, type Socket } from 'node:dgram';

/** A UDP socket bound to an ephemeral loopback port. */
export function bindLoopbackUdp(): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      // An ICMP port-unreachable from an earlier send surfaces here; nothing to do about it.
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

/** Largest UDP payload over IPv4 (65,535 − 8 − 20). */
export const MAX_DATAGRAM = 65_507;

export function sendDatagram(socket: Socket, octets: Buffer, port: number): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(octets.subarray(0, MAX_DATAGRAM), port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
  );
}

export function closeUdp(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}
