// Steps many drivers share. Like the drivers, they reach the UA only through the legacy SIP.UA API.
import type { DriverContext, LegacySession, LegacyUA } from '../../runner/driver-api.js';
import { WireMessage } from '../../runner/wire-message.js';

/** A started UA for `role` that has registered (or the scenario fails naming the event it missed). */
export async function registeredUa(ctx: DriverContext, role: string, config: Record<string, unknown> = {}): Promise<LegacyUA> {
  const ua = ctx.ua(role, { config: { register: true, ...config } });
  const registered = ctx.event(ua, 'registered');
  ua.start();
  await registered;
  return ua;
}

/** The messages a SIPp saw, read: the requests it received of `method`, or the responses it received to it. */
export function sippReceived(messages: ReadonlyArray<{ text: string; to: string; from: string }>, sipp: string): WireMessage[] {
  return messages.filter((message) => message.to === sipp).map((message) => new WireMessage(message.text));
}

/** Statuses of the responses to `method` in `messages`. */
export function statusesOf(messages: readonly WireMessage[], method: string): number[] {
  return messages.filter((m) => m.status !== undefined && m.cseq?.method === method).map((m) => m.status!);
}

/** Resolves with the session of the next incoming INVITE. */
export function nextInvite(ctx: DriverContext, ua: LegacyUA, timeoutMs = 10_000): Promise<LegacySession> {
  return ctx.event<[LegacySession]>(ua, 'invite', timeoutMs).then(([session]) => session);
}

/** The cause a `failed`/`rejected`/`terminated` event gave (its second argument). */
export function causeOf(args: unknown[] | undefined): string {
  return args === undefined ? '(no event)' : String(args[1]);
}
