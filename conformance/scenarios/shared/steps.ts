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

/** The UA hangs up `session` with a BYE; resolves once the session has terminated. */
export async function hangUp(ctx: DriverContext, session: LegacySession): Promise<void> {
  const terminated = ctx.event(session, 'terminated');
  session.bye();
  await terminated;
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

/** A call's legacy events in order, as short strings: `progress 180`, `accepted 200`, `failed 486 Busy`, `bye`, `terminated`. */
export function callEvents(session: LegacySession): string[] {
  const seen: string[] = [];
  const on = (event: string, listener: (...args: never[]) => void): unknown => session.on(event, listener);
  // A proxy's own 100 Trying may or may not come before the callee's first answer: not recorded.
  on('progress', ((response?: { status_code?: number }) => {
    if ((response?.status_code ?? 0) > 100) seen.push(`progress ${response!.status_code}`);
  }) as (...args: never[]) => void);
  on('accepted', ((response?: { status_code?: number }) => seen.push(`accepted${response?.status_code === undefined ? '' : ` ${response.status_code}`}`)) as (...args: never[]) => void);
  on('rejected', ((response: { status_code?: number } | undefined, cause: string) => seen.push(`rejected ${response?.status_code ?? '-'} ${cause}`)) as (...args: never[]) => void);
  on('failed', ((response: { status_code?: number } | undefined, cause: string) => seen.push(`failed ${response?.status_code ?? '-'} ${cause}`)) as (...args: never[]) => void);
  on('cancel', (() => seen.push('cancel')) as (...args: never[]) => void);
  on('bye', (() => seen.push('bye')) as (...args: never[]) => void);
  on('terminated', (() => seen.push('terminated')) as (...args: never[]) => void);
  return seen;
}

/** Calls from SIPp: a registered alice (or `role`) that answers (180, then 200 with its media) every INVITE; the sessions it got. */
export async function answeringUa(ctx: DriverContext, answer: (session: LegacySession) => void = (session) => {
  session.progress();
  session.accept(ctx.media.accept());
}, role = 'alice', config: Record<string, unknown> = {}): Promise<{ ua: LegacyUA; sessions: LegacySession[]; events: string[][] }> {
  const ua = await registeredUa(ctx, role, config);
  const sessions: LegacySession[] = [];
  const events: string[][] = [];
  ua.on('invite', ((session: LegacySession) => {
    sessions.push(session);
    events.push(callEvents(session));
    answer(session);
  }) as (...args: never[]) => void);
  return { ua, sessions, events };
}

/** The URIs of a header's name-addr values (Route, Record-Route, Contact), in order. */
export function uriList(message: WireMessage | undefined, header: string): string[] {
  return (message?.headerValues(header) ?? []).map((value) => /<([^>]+)>/.exec(value)?.[1] ?? value);
}

/** A URI with its transport parameter lower-cased: RFC 3261 §19.1.4 compares it case-insensitively. */
export function sameUri(uri: string | undefined): string | undefined {
  return uri?.replace(/;transport=(\w+)/i, (_, transport: string) => `;transport=${transport.toLowerCase()}`);
}
