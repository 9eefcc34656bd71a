import { requestText, freshFields } from '../corpus/request-builder.js';
import type { Random } from '../random.js';
import { fillPlaceholders, isUaTarget, TARGETS, type Step, type TargetName } from '../step.js';
import { AnswerWatch } from './answer-watch.js';
import { CoreTcpLink } from './core-tcp-link.js';
import { CoreUdpLink } from './core-udp-link.js';
import type { Link } from './link.js';
import { placeholdersOf } from './request-fields.js';
import { framesCleanly } from './stream-framing.js';
import { TargetProcess } from './target-process.js';
import { UaRequestDesk } from './ua-request-desk.js';
import { UaTcpLink } from './ua-tcp-link.js';
import { UaUdpLink } from './ua-udp-link.js';
import { UaWsLink } from './ua-ws-link.js';
import { headerParam, headerValue, type WireMessage } from './wire-message.js';

/** How long the target may take to start and register its UAs. */
const START_MS = 20_000;
/** How long a step waits for its target to be reachable (a UA reconnecting takes about 1 s). */
const READY_MS = 3000;
/** How long a step waits for the UA to send the request it triggered. */
const TRIGGER_MS = 1000;
/** How long an `awaitAnswer` step waits. */
const ANSWER_MS = 1000;

export type StepOutcome = 'sent' | 'skipped';

export interface TestbedOptions {
  verbose?: boolean;
}

/**
 * The target process and the fuzzer's ends of its five targets, ready to take steps: it
 * starts the servers the UAs connect to, starts the target, waits until every UA is reachable,
 * answers the UAs' requests nobody fuzzes, and sends steps.
 */
export class Testbed {
  readonly answers = new AnswerWatch();
  /** Why steps were skipped, and how often. */
  readonly skips = new Map<string, number>();
  private readonly desks = new Map<TargetName, UaRequestDesk>();
  /** Per target, the values `{{…}}` placeholders take (the last triggered request, the last captured To tag). */
  private readonly placeholders = new Map<TargetName, Map<string, string>>();
  private probes = 0;
  private triggers = 0;

  private constructor(
    readonly target: TargetProcess,
    readonly links: ReadonlyMap<TargetName, Link>,
    verbose: boolean,
  ) {
    for (const [name, link] of links) {
      this.placeholders.set(name, new Map());
      const desk = isUaTarget(name) ? new UaRequestDesk(link) : undefined;
      if (desk !== undefined) this.desks.set(name, desk);
      link.onMessage = (message) => {
        if (message.method !== undefined) desk?.receive(message);
        else this.answers.deliver(name, message);
      };
    }
    target.onMessage((message) => {
      if (message.type === 'triggered' && message.error !== undefined && verbose) {
        process.stderr.write(`the application could not send ${message.method} on ${message.ua}: ${message.error}\n`);
      }
    });
  }

  static async start(options: TestbedOptions = {}): Promise<Testbed> {
    const ws = await UaWsLink.listen();
    const udp = await UaUdpLink.listen();
    const tcp = await UaTcpLink.listen();
    const coreUdp = await CoreUdpLink.open();
    const coreTcp = new CoreTcpLink();
    const listenUdp = await CoreUdpLink.open('listen-udp');
    const links = new Map<TargetName, Link>([
      ['ua-ws', ws],
      ['ua-udp', udp],
      ['ua-tcp', tcp],
      ['core-udp', coreUdp],
      ['core-tcp', coreTcp],
      ['listen-udp', listenUdp],
    ]);
    const verbose = options.verbose ?? false;
    let started;
    try {
      started = await TargetProcess.start({ wsPort: ws.port, udpPort: udp.port, tcpPort: tcp.port, coreUdpPeerPort: coreUdp.port, listenUdpPeerPort: listenUdp.port, verbose });
    } catch (error) {
      for (const link of links.values()) await link.close();
      throw error;
    }
    const { target, coreUdpPort, coreTcpPort, listenUdpPort } = started;
    coreUdp.attach(coreUdpPort);
    listenUdp.attach(listenUdpPort);
    coreTcp.attach(coreTcpPort);
    const registered = new Set<TargetName>();
    target.onMessage((message) => {
      if (message.type === 'registered') registered.add(message.ua);
    });
    const testbed = new Testbed(target, links, verbose);
    // Every UA registers on start (its REGISTER also tells the fuzzer a UDP UA's port): the
    // campaign starts once all are registered, so no step meets a UA still starting.
    const deadline = Date.now() + START_MS;
    for (const name of TARGETS) {
      const reachable = await links.get(name)!.waitReady(Math.max(0, deadline - Date.now()));
      while (reachable && isUaTarget(name) && !registered.has(name) && Date.now() < deadline && target.alive) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (!reachable || (isUaTarget(name) && !registered.has(name))) {
        await testbed.stop();
        throw new Error(`${name} never became reachable\n${target.stderr}`);
      }
    }
    return testbed;
  }

  /**
   * Send one step (triggering the UA's request first when it answers one), then wait until the
   * target has handled it, so a crash is pinned on this step; `sync: false` skips that wait
   * (floods send many steps, then sync once).
   */
  async run(step: Step, options: { sync?: boolean } = {}): Promise<StepOutcome> {
    const link = this.links.get(step.target)!;
    if (!(await link.waitReady(READY_MS)) || !this.target.alive) return this.skip(`${step.target} not reachable`);
    const values = this.placeholders.get(step.target)!;
    if (step.trigger !== undefined) {
      const desk = this.desks.get(step.target);
      if (desk === undefined || !isUaTarget(step.target)) return this.skip(`${step.target} sends no requests`);
      const claimed = desk.claim(step.trigger, TRIGGER_MS);
      this.target.command({ type: 'trigger', id: ++this.triggers, ua: step.target, method: step.trigger });
      const request = await claimed;
      if (request === undefined) return this.skip(`${step.target} did not send the ${step.trigger}`);
      for (const [name, value] of placeholdersOf(request)) values.set(name, value);
    }
    const octets = Buffer.from(fillPlaceholders(step.data, values), 'latin1');
    const answer = step.awaitAnswer && step.marker !== undefined ? this.answers.wait(step.target, step.marker, ANSWER_MS, tagsOrEnds) : undefined;
    try {
      await link.send(octets, { frame: step.frame, chunkSize: step.chunkSize });
    } catch {
      return this.skip(`${step.target} send failed`);
    }
    if ((step.target === 'ua-tcp' || step.target === 'core-tcp') && !framesCleanly(octets)) await link.resetStream();
    if (options.sync ?? true) await this.target.sync();
    if (answer !== undefined) {
      const message = await answer;
      const tag = headerParam(message === undefined ? undefined : headerValue(message, 'to'), 'tag');
      // Without one, later steps keep a literal {{totag}} rather than another dialog's tag.
      if (tag !== undefined) values.set('totag', tag);
      else values.delete('totag');
    }
    return 'sent';
  }

  skip(reason: string): 'skipped' {
    this.skips.set(reason, (this.skips.get(reason) ?? 0) + 1);
    return 'skipped';
  }

  /**
   * A well-formed OPTIONS to `target` (on a fresh connection for TCP): the status of the
   * target's final answer, or undefined when none came within `timeoutMs`.
   */
  async probe(name: TargetName, rng: Random, timeoutMs: number): Promise<number | undefined> {
    const link = this.links.get(name)!;
    if (name === 'core-tcp') await link.resetStream();
    if (!(await link.waitReady(timeoutMs)) || !this.target.alive) return undefined;
    const fields = freshFields(rng, name, 'OPTIONS');
    // Unique per probe: a probe with an earlier one's branch would be taken for its retransmission (§17.2.3).
    const id = `${++this.probes}${rng.token(8)}`;
    fields.callId = `probe-${id}@fuzz`;
    fields.branch = `z9hG4bKprobe${id}`;
    fields.body = undefined;
    fields.extra = [];
    const answer = this.answers.wait(name, fields.callId, timeoutMs, (m) => (m.status ?? 0) >= 200);
    try {
      await link.send(Buffer.from(requestText(fields), 'latin1'));
    } catch {
      return undefined;
    }
    return (await answer)?.status;
  }

  async stop(): Promise<void> {
    this.answers.cancelAll();
    for (const desk of this.desks.values()) desk.cancelAll();
    await this.target.stop();
    for (const link of this.links.values()) await link.close();
  }
}

/** An answer that gives the dialog its remote tag (RFC 3261 §12.1), or a final one. */
function tagsOrEnds(message: WireMessage): boolean {
  return headerParam(headerValue(message, 'to'), 'tag') !== undefined || (message.status ?? 0) >= 200;
}
