import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { WebSocketCutter } from './driver-api.js';

/**
 * A WebSocket relay on 127.0.0.1 between a UA and the server: each connection of the UA gets one
 * of its own to the server (subprotocol `sip`, RFC 7118), frames pass both ways unchanged, and on
 * cue both connections are dropped without a closing handshake, as a network failure drops them.
 */
export async function startWebSocketCutter(serverUrl: string): Promise<WebSocketCutter & { close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let trigger: ((text: string, direction: 'to-server' | 'to-ua') => boolean) | undefined;
  let cuts = 0;
  const pairs = new Set<[WebSocket, WebSocket]>();

  server.on('connection', (ua) => {
    const upstream = new WebSocket(serverUrl, 'sip');
    const pair: [WebSocket, WebSocket] = [ua, upstream];
    pairs.add(pair);
    const waiting: Array<{ data: RawData; binary: boolean }> = [];
    const cut = (): void => {
      cuts += 1;
      trigger = undefined;
      ua.terminate();
      upstream.terminate();
    };
    const relay = (data: RawData, direction: 'to-server' | 'to-ua'): boolean => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
      if (trigger?.(text, direction)) {
        cut();
        return false;
      }
      return true;
    };
    ua.on('message', (data, binary) => {
      if (!relay(data, 'to-server')) return;
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary });
      else waiting.push({ data, binary });
    });
    upstream.on('open', () => {
      for (const frame of waiting.splice(0)) upstream.send(frame.data, { binary: frame.binary });
    });
    upstream.on('message', (data, binary) => {
      if (relay(data, 'to-ua') && ua.readyState === WebSocket.OPEN) ua.send(data, { binary });
    });
    const end = (): void => {
      pairs.delete(pair);
      if (ua.readyState === WebSocket.OPEN) ua.close();
      if (upstream.readyState === WebSocket.OPEN || upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
    };
    ua.on('close', end);
    upstream.on('close', end);
    ua.on('error', end);
    upstream.on('error', end);
  });

  return {
    url: `ws://127.0.0.1:${port}`,
    cutWhen(when) {
      trigger = when;
    },
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [ua, upstream] of pairs) {
          ua.terminate();
          upstream.terminate();
        }
        server.close(() => resolve());
      }),
  };
}
