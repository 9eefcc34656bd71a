import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';

/**
 * A UDP socket on 127.0.0.1 that records what it receives, as text. `sendNow` hands the datagram
 * to the system before it returns (the address needs no lookup), so a test can fill a socket's
 * queue while the process is blocked.
 */
export async function udpPeer(): Promise<{ port: number; send(text: string | Uint8Array, port: number): Promise<void>; sendNow(text: string, port: number): void; received: string[]; close(): Promise<void> }> {
  const socket: UdpSocket = createSocket({ type: 'udp4', lookup: (host, _options, callback) => callback(null, host, 4) });
  const received: string[] = [];
  socket.on('message', (data) => received.push(data.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    port: socket.address().port,
    received,
    send: (text, port) =>
      new Promise<void>((resolve, reject) => {
        const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
        socket.send(data, port, '127.0.0.1', (e) => (e ? reject(e) : resolve()));
      }),
    sendNow: (text, port) => socket.send(Buffer.from(text, 'utf8'), port, '127.0.0.1'),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A raw TCP connection to 127.0.0.1:`port` that records what it receives, as text. */
export async function tcpPeer(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void>; close(): void }> {
  const socket = connect({ host: '127.0.0.1', port });
  let data = '';
  socket.on('data', (chunk) => (data += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => data, closed, close: () => void socket.destroy() };
}

/** Wait until `condition` holds, polling every 5 ms; fails after `ms`. */
export async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Wait `ms` of real time (to be sure nothing arrives). */
export const quiet = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
