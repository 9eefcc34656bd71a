import WebSocket from 'ws';

/**
 * Whether `url` answers a WebSocket upgrade with the `sip` subprotocol (RFC 7118 §4) with 101 within
 * `timeoutMs`: the readiness test of every target.
 */
export function webSocketAnswers(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, 'sip');
    } catch {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => {
      socket.terminate();
      resolve(false);
    }, timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      socket.close();
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** Probe `url` until it answers or `timeoutMs` runs out; `alive()` false stops early (the server exited). */
export async function waitForWebSocket(url: string, timeoutMs: number, alive: () => boolean = () => true): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    if (await webSocketAnswers(url, 1000)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
