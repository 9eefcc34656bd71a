// What a scenario's driver sees. A driver talks to the UA under test only through the legacy
// `SIP.UA` API (so any implementation of it can be put under test: sipforge, SIP.js 0.7.8); the
// context gives it the target's accounts, SIPp peers and a way to record what it expected.
import type { SippOutcome, SippRun } from './sipp-process.js';
import type { WireMessage } from './wire-message.js';
import type { TargetParams } from '../targets/target.js';

/** Anything with the legacy event methods (a UA, a context, a session). */
export interface LegacyEmitter {
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
}

/** A legacy request or response view as events hand them out. */
export interface LegacyMessage {
  method?: string;
  status_code?: number;
  reason_phrase?: string;
  body?: string;
  getHeader(name: string): string | undefined;
}

/** A legacy ClientContext / ServerContext (MESSAGE, OPTIONS and other requests). */
export interface LegacyContext extends LegacyEmitter {
  body?: string;
  request?: LegacyMessage;
  accept(options?: Record<string, unknown>): unknown;
  reject(options?: Record<string, unknown>): unknown;
  progress(options?: Record<string, unknown>): unknown;
}

/** A legacy session: InviteClientContext or InviteServerContext. */
export interface LegacySession extends LegacyContext {
  status: number;
  bye(options?: Record<string, unknown>): unknown;
  cancel(options?: Record<string, unknown>): unknown;
  terminate(options?: Record<string, unknown>): unknown;
  hold?(options?: Record<string, unknown>): unknown;
  unhold?(options?: Record<string, unknown>): unknown;
  dtmf?(tones: string, options?: Record<string, unknown>): unknown;
}

/** A legacy `SIP.UA`. */
export interface LegacyUA extends LegacyEmitter {
  start(): unknown;
  stop(): unknown;
  register(options?: Record<string, unknown>): unknown;
  unregister(options?: Record<string, unknown>): unknown;
  isRegistered(): boolean;
  isConnected(): boolean;
  message(target: string, body: string, options?: Record<string, unknown>): LegacyContext;
  request(method: string, target: string, options?: Record<string, unknown>): LegacyContext;
  invite(target: string, options?: Record<string, unknown>): LegacySession;
}

/** The legacy namespace: `new SIP.UA(config)`, `SIP.C`. */
export interface LegacySip {
  UA: new (configuration: Record<string, unknown>) => LegacyUA;
  C: { causes: Record<string, string> };
}

/** What one UA sent and received, in order, as its traceSip log shows it. */
export interface UaWire {
  sent: WireMessage[];
  received: WireMessage[];
  /** Requests of `method` it sent (`sent`) or received. */
  requests(direction: 'sent' | 'received', method: string): WireMessage[];
  /** Responses to `method` it sent or received. */
  responses(direction: 'sent' | 'received', method: string): WireMessage[];
}

/** A SIPp registered as one of the target's users, on a port of its own; unregistered when the scenario ends. */
export interface SippPeer {
  user: string;
  port: number;
  /** Run a scenario file of the driver's folder (or `peers/`) on this peer's port, as a UAS unless `remote`. */
  run(scenario: string, options?: { args?: string[]; remote?: boolean; timeoutMs?: number }): Promise<SippRun>;
}

/** A WebSocket relay between the UA and the server that can cut the connection on cue. */
export interface WebSocketCutter {
  /** Give the UA this as its server. */
  url: string;
  /** Cut (both sides, abruptly) the first time a frame matching `when` is about to be relayed. */
  cutWhen(when: (text: string, direction: 'to-server' | 'to-ua') => boolean): void;
  /** Frames cut so far. */
  readonly cuts: number;
}

export interface UaOptions {
  /** Legacy configuration merged over the context's (uri, password, wsServers, traceSip, log …). */
  config?: Record<string, unknown>;
  /** The server to connect to instead of the target's (a WebSocketCutter's url). */
  server?: string;
}

export interface DriverContext {
  /** The namespace under test. */
  SIP: LegacySip;
  /** `sipforge` or `sip.js-0.7.8`. */
  uaName: string;
  target: Readonly<TargetParams>;
  /** `sip:<user>@<domain>` of a role (alice, bob, carol). */
  aor(role: string): string;
  /** A UA for a role, not started (autostart off, register off unless the config says). Stopped when the scenario ends. */
  ua(role: string, options?: UaOptions): LegacyUA;
  /** The traceSip view of a role's UA. */
  wire(role: string): UaWire;
  /** Options for `ua.invite()` and `session.accept()` that make this UA offer/answer a plain audio SDP. */
  media: { invite(): Record<string, unknown>; accept(): Record<string, unknown>; progress(): Record<string, unknown> };
  /** A SIPp registered as `role` (digest auth), unregistered (Contact: *) at the end. */
  peer(role: string): Promise<SippPeer>;
  /** A SIPp that sends to the server, for a scenario file of the driver's folder (or `peers/`). */
  sipp(scenario: string, options?: { name?: string; args?: string[]; timeoutMs?: number }): Promise<SippRun>;
  /** Wait for a SIPp run and record its outcome (a check that it exited 0 unless `expectCode` says otherwise). */
  finish(run: SippRun, expectCode?: number): Promise<SippOutcome>;
  webSocketCutter(): Promise<WebSocketCutter>;
  /** The next `event` of `emitter`, or an error after `timeoutMs` (default 10 s). */
  event<T extends unknown[] = unknown[]>(emitter: LegacyEmitter, event: string, timeoutMs?: number): Promise<T>;
  /** The first of `events` that `emitter` emits, with its arguments, or an error after `timeoutMs` (default 10 s). */
  firstEvent(emitter: LegacyEmitter, events: string[], timeoutMs?: number): Promise<{ event: string; args: unknown[] }>;
  /** Every emission of `event` from now on, as argument lists. */
  record<T extends unknown[] = unknown[]>(emitter: LegacyEmitter, event: string): T[];
  /** Record a check: passes when `seen` deep-equals `expected`; `message` is the one it is about (highlighted in the ladder). */
  expect(label: string, expected: unknown, seen: unknown, message?: WireMessage): boolean;
  /** Record a check with its own verdict. */
  check(label: string, ok: boolean, expected: string, seen: string, message?: WireMessage): boolean;
  note(text: string): void;
  sleep(ms: number): Promise<void>;
  /** Resolves once `condition()` holds, polled every 20 ms; rejects after `timeoutMs` naming `what`. */
  until(what: string, condition: () => boolean, timeoutMs?: number): Promise<void>;
}

/** A scenario's driver: `export default async function (ctx) { … }` in its folder's driver.ts. */
export type Driver = (ctx: DriverContext) => Promise<void>;
