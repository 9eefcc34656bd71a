import SIP, { type NodeUA, type UAServices } from '../../src/node.js';
import { fakeMediaFactory } from './fake-media-handler.js';
import type { RunningKamailio } from './kamailio.js';

/**
 * The arguments of `emitter`'s next `event`, or a rejection after `timeoutMs` (bounds every network
 * test). A promise never awaited, because the test failed earlier, rejects silently.
 */
export function nextEvent<A extends unknown[]>(
  emitter: { once(event: string, listener: (...args: A) => void): unknown },
  event: string,
  timeoutMs = 10_000,
): Promise<A> {
  const promise = new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    emitter.once(event, (...args: A) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
  promise.catch(() => undefined);
  return promise;
}

/**
 * `SIP.UA`s (with `services` when given) of the harness users (alice, bob, carol; password "secret", domain example.test) on a
 * test file's Kamailio: `make` builds one, not started, not registering unless `options` say so, with
 * the tests' fake media handler (real SDP, no media) unless `options` name another;
 * `stopAll` stops every one made so far (call it after each test).
 */
export class KamailioUsers {
  private readonly made: NodeUA[] = [];

  constructor(private readonly kamailio: () => RunningKamailio) {}

  make(user: string, options: Record<string, unknown> = {}, services: UAServices = {}): NodeUA {
    const ua = new SIP.UA(
      {
        uri: `${user}@example.test`,
        wsServers: this.kamailio().wsUrl,
        password: 'secret',
        autostart: false,
        register: false,
        log: { builtinEnabled: false },
        mediaHandlerFactory: fakeMediaFactory().factory,
        ...options,
      },
      services,
    );
    this.made.push(ua);
    return ua;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.made.splice(0).map((ua) => ua.stop()));
  }
}
