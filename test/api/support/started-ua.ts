import { expect } from 'vitest';
import SIP, { FakeClock } from '../../../src/index.js';
import { fakeMediaFactory } from '../../support/fake-media-handler.js';
import { ScriptedTransport } from '../../support/scripted-transport.js';
import { settle } from '../../support/settle.js';

export const quiet = { builtinEnabled: false };

/**
 * alice@example.test on a ScriptedTransport standing for its WebSocket server, with a FakeClock and a
 * fake media handler (its handlers in `media`); not registering.
 */
export function startedUa(config: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const media = fakeMediaFactory();
  const transport = new ScriptedTransport(clock, { protocol: 'WS', viaHost: 'abc.invalid', viaPort: undefined, remote: { protocol: 'WS', host: '127.0.0.1', port: 8080 } });
  const ua = new SIP.UA(
    { uri: 'alice@example.test', wsServers: 'ws://127.0.0.1:8080', register: false, log: quiet, ...config },
    { transportFactory: () => () => transport, clock, mediaHandlerFactory: media.factory },
  );
  return { ua, transport, clock, media: media.handlers };
}

/** stop() waits (on the UA's clock) for the un-REGISTER and pending transactions, at most 5 s. */
export async function stop(ua: { stop(): Promise<void> }, clock: FakeClock): Promise<void> {
  const stopping = ua.stop();
  for (let elapsed = 0; elapsed <= 5000; elapsed += 100) {
    await settle();
    clock.advance(100);
  }
  await stopping;
  expect(clock.pending).toBe(0);
}

/** A request from bob to alice as the server relays it over WebSocket. */
export function fromBob(
  method: string,
  options: { body?: string; contentType?: string; branch?: string; callId?: string; extra?: string[] } = {},
): string {
  const body = options.body ?? '';
  return (
    `${method} sip:alice@abc.invalid;transport=ws SIP/2.0\r\n` +
    `Via: SIP/2.0/WS 127.0.0.1:8080;branch=${options.branch ?? 'z9hG4bKin1'}\r\n` +
    'Max-Forwards: 69\r\n' +
    'From: "Bob" <sip:bob@example.test>;tag=b1\r\n' +
    'To: <sip:alice@example.test>\r\n' +
    `Call-ID: ${options.callId ?? 'm1'}\r\n` +
    `CSeq: 1 ${method}\r\n` +
    (options.extra ?? []).map((line) => `${line}\r\n`).join('') +
    (options.contentType === undefined ? '' : `Content-Type: ${options.contentType}\r\n`) +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`
  );
}

export { settle };
