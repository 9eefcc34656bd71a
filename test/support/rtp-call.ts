import { createSocket } from 'node:dgram';
import type { Readable } from 'node:stream';
import { RtpSessionDescriptionHandler } from '../../src/node.js';

/** The RTP media handler of a call (what `sipforge/node` makes by default); throws when it has another, or none yet. */
export function rtpMedia(call: { mediaHandler: unknown }): RtpSessionDescriptionHandler {
  const media = call.mediaHandler;
  if (!(media instanceof RtpSessionDescriptionHandler)) throw new Error(`the call's media handler is not the RTP one: ${String(media)}`);
  return media;
}

/** What `readable` carries from now for `ms` (16-bit PCM from an `audioOutput`). */
export function capturePcm(readable: Readable, ms: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer): void => void chunks.push(chunk);
    readable.on('data', onData);
    setTimeout(() => {
      readable.off('data', onData);
      resolve(Buffer.concat(chunks));
    }, ms);
  });
}

/** Whether a UDP socket can bind 127.0.0.1:`port` now (nothing else holds it); the probe is closed at once. */
export function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
