import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { DriverContext, LegacyEmitter, LegacyUA, SippPeer, UaOptions, UaWire, WebSocketCutter } from './driver-api.js';
import type { CapturedMessage, Check } from './outcome.js';
import { startSipp, type SippOutcome, type SippRun } from './sipp-process.js';
import type { UaAdapter } from './ua/ua-adapter.js';
import { startWebSocketCutter } from './websocket-cutter.js';
import { WireMessage } from './wire-message.js';
import type { TargetParams } from '../targets/target.js';

const PEERS_DIR = join(import.meta.dirname, '..', 'peers');
const DEFAULT_EVENT_TIMEOUT_MS = 10_000;
const SIPP_TIMEOUT_MS = 20_000;

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** The context of one driver run: what it made (UAs, SIPps, relays) is ended by `close()`. */
export class DriverRun implements DriverContext {
  readonly checks: Check[] = [];
  readonly messages: CapturedMessage[] = [];
  readonly log: string[] = [];
  readonly SIP;
  private readonly uas = new Map<string, LegacyUA>();
  private readonly wires = new Map<string, UaWire>();
  private readonly sippRuns: SippRun[] = [];
  private readonly finished = new Set<SippRun>();
  private readonly cutters: Array<{ close(): Promise<void> }> = [];
  private readonly peers: Array<{ user: string; port: number }> = [];

  constructor(
    private readonly adapter: UaAdapter,
    readonly uaName: string,
    readonly target: TargetParams,
    private readonly scenarioDir: string,
    private readonly onMessage: (message: CapturedMessage) => void,
  ) {
    this.SIP = adapter.SIP;
  }

  get media(): DriverContext['media'] {
    return this.adapter.media;
  }

  aor(role: string): string {
    return `sip:${this.user(role).user}@${this.target.domain}`;
  }

  ua(role: string, options: UaOptions = {}): LegacyUA {
    const account = this.user(role);
    const wire = this.wire(role);
    const connector = (level: string, category: string, _label: unknown, content: unknown): void => {
      const text = typeof content === 'string' ? content : String(content);
      const traced = this.adapter.readTrace(category, text);
      if (traced !== undefined) {
        const message: CapturedMessage = {
          time: Date.now(),
          from: traced.direction === 'sent' ? role : 'server',
          to: traced.direction === 'sent' ? 'server' : role,
          capturedBy: role,
          text: traced.text,
        };
        this.messages.push(message);
        wire[traced.direction].push(new WireMessage(traced.text));
        this.onMessage(message);
      } else if (level === 'error' || level === 'warn' || level === '0' || level === '1') {
        this.log.push(`${role} ${level} ${category}: ${text.split('\n')[0]}`);
      }
    };
    const configuration: Record<string, unknown> = {
      uri: `${account.user}@${this.target.domain}`,
      password: account.password,
      ...(account.authorizationUser === undefined ? {} : { authorizationUser: account.authorizationUser }),
      wsServers: options.server ?? this.target.wsUrl,
      register: false,
      autostart: false,
      traceSip: true,
      log: { builtinEnabled: false, level: 'debug', connector },
      ...this.adapter.config(),
      ...options.config,
    };
    const ua = new this.SIP.UA(configuration);
    this.uas.set(role, ua);
    return ua;
  }

  wire(role: string): UaWire {
    let wire = this.wires.get(role);
    if (wire === undefined) {
      const sent: WireMessage[] = [];
      const received: WireMessage[] = [];
      const pick = (direction: 'sent' | 'received'): WireMessage[] => (direction === 'sent' ? sent : received);
      wire = {
        sent,
        received,
        requests: (direction, method) => pick(direction).filter((m) => m.method === method),
        responses: (direction, method) => pick(direction).filter((m) => m.status !== undefined && m.cseq?.method === method),
      };
      this.wires.set(role, wire);
    }
    return wire;
  }

  async peer(role: string): Promise<SippPeer> {
    const account = this.user(role);
    const auth = ['-s', account.user, '-au', account.authorizationUser ?? account.user, '-ap', account.password];
    const registration = await this.startSipp(`sipp ${role}`, this.scenarioFile('register.xml'), [...auth, '-m', '1'], true);
    const outcome = await this.finish(registration);
    if (outcome.code !== 0) throw new Error(`SIPp could not register ${account.user}: ${outcome.output.slice(-500)}`);
    const port = registration.port;
    this.peers.push({ user: role, port });
    return {
      user: account.user,
      port,
      run: (scenario, options = {}) =>
        this.startSipp(`sipp ${role}`, this.scenarioFile(scenario), [...auth, ...(options.args ?? [])], options.remote ?? false, port, options.timeoutMs),
    };
  }

  sipp(scenario: string, options: { name?: string; args?: string[]; timeoutMs?: number } = {}): Promise<SippRun> {
    return this.startSipp(options.name ?? 'sipp', this.scenarioFile(scenario), options.args ?? [], true, undefined, options.timeoutMs);
  }

  async finish(run: SippRun, expectCode = 0): Promise<SippOutcome> {
    const outcome = await run.done;
    if (!this.finished.has(run)) {
      this.finished.add(run);
      this.keepSipp(run.name, outcome);
      this.check(`${run.name} ended as its scenario expects`, outcome.code === expectCode, `exit code ${expectCode}`, `exit code ${outcome.code}${outcome.code === expectCode ? '' : `: ${lastLines(outcome.output)}`}`);
    }
    return outcome;
  }

  async webSocketCutter(): Promise<WebSocketCutter> {
    const cutter = await startWebSocketCutter(this.target.wsUrl);
    this.cutters.push(cutter);
    return cutter;
  }

  event<T extends unknown[] = unknown[]>(emitter: LegacyEmitter, event: string, timeoutMs = DEFAULT_EVENT_TIMEOUT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${event}" event within ${timeoutMs} ms`)), timeoutMs);
      emitter.once(event, ((...args: T) => {
        clearTimeout(timer);
        resolve(args);
      }) as unknown as (...args: never[]) => void);
    });
  }

  firstEvent(emitter: LegacyEmitter, events: string[], timeoutMs = DEFAULT_EVENT_TIMEOUT_MS): Promise<{ event: string; args: unknown[] }> {
    return new Promise((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        reject(new Error(`none of the events ${events.join(', ')} within ${timeoutMs} ms`));
      }, timeoutMs);
      for (const event of events) {
        emitter.once(event, ((...args: unknown[]) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          resolve({ event, args });
        }) as unknown as (...args: never[]) => void);
      }
    });
  }

  record<T extends unknown[] = unknown[]>(emitter: LegacyEmitter, event: string): T[] {
    const seen: T[] = [];
    emitter.on(event, ((...args: T) => void seen.push(args)) as unknown as (...args: never[]) => void);
    return seen;
  }

  expect(label: string, expected: unknown, seen: unknown, message?: WireMessage): boolean {
    return this.check(label, isDeepStrictEqual(expected, seen), show(expected), show(seen), message);
  }

  check(label: string, ok: boolean, expected: string, seen: string, message?: WireMessage): boolean {
    this.checks.push({ label, ok, expected, seen, time: Date.now(), ...(message === undefined ? {} : { message: message.text }) });
    return ok;
  }

  note(text: string): void {
    this.log.push(text);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  async until(what: string, condition: () => boolean, timeoutMs = DEFAULT_EVENT_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await this.sleep(20);
    }
  }

  /** End everything the driver started: UAs stopped, SIPps ended and their traces kept, peers unregistered. */
  async close(): Promise<void> {
    const uas = [...this.uas.values()];
    await Promise.all(uas.map((ua) => Promise.resolve().then(() => ua.stop()).catch(() => undefined)));
    // Legacy stop() un-REGISTERs and closes the WebSocket once its transactions are over, after it returns.
    await this.until('the UAs disconnected', () => uas.every((ua) => !ua.isConnected()), 5000).catch(() => undefined);
    for (const run of this.sippRuns) {
      if (this.finished.has(run)) continue;
      await run.kill();
      this.finished.add(run);
      this.keepSipp(run.name, await run.done);
    }
    for (const cutter of this.cutters) await cutter.close();
    for (const peer of this.peers) {
      const account = this.user(peer.user);
      const run = await startSipp(this.target, {
        name: `sipp ${peer.user}`,
        scenario: join(PEERS_DIR, 'unregister.xml'),
        args: ['-s', account.user, '-au', account.authorizationUser ?? account.user, '-ap', account.password, '-m', '1'],
        remote: true,
        port: peer.port,
        timeoutMs: 10_000,
      });
      const outcome = await run.done;
      this.keepSipp(run.name, outcome);
      if (outcome.code !== 0) this.log.push(`could not unregister SIPp peer ${account.user}: ${lastLines(outcome.output)}`);
    }
    // Give the UAs' un-REGISTERs and closing frames a moment to reach the wire (and the trace).
    await this.sleep(200);
  }

  private keepSipp(name: string, outcome: SippOutcome): void {
    for (const message of outcome.messages) {
      this.messages.push(message);
      this.onMessage(message);
    }
    if (outcome.code !== 0) this.log.push(`${name} exited with ${outcome.code}:\n${outcome.output}`);
  }

  private async startSipp(name: string, scenario: string, args: string[], remote: boolean, port?: number, timeoutMs = SIPP_TIMEOUT_MS): Promise<SippRun> {
    const run = await startSipp(this.target, { name, scenario, args, remote, timeoutMs, ...(port === undefined ? {} : { port }) });
    this.sippRuns.push(run);
    return run;
  }

  private scenarioFile(name: string): string {
    const own = join(this.scenarioDir, name);
    return existsSync(own) ? own : join(PEERS_DIR, name);
  }

  /** A role's account; `alice2` (a role with a number) is a second UA on alice's account. */
  private user(role: string): { user: string; password: string; authorizationUser?: string } {
    const account = this.target.users[role] ?? this.target.users[role.replace(/\d+$/, '')];
    if (account === undefined) throw new Error(`the target has no user for the role "${role}" (users: ${Object.keys(this.target.users).join(', ')})`);
    return account;
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-6).join('\n');
}
