import type { Testbed } from './harness/testbed.js';
import { TARGETS, type Step, type TargetName } from './step.js';

/**
 * Messages kept for a failure report: enough to cover the last second or two, since a crash
 * may come from a timer after the message that caused it (the 100 Trying an INVITE server
 * transaction sends after 200 ms, a 2xx retransmission) or need several messages.
 */
const WINDOW = 400;
// Groups of steps a target may have waiting; beyond, the oldest are skipped.
const MAX_BACKLOG = 200;

/**
 * Sends the campaign's groups of steps (a group: messages that belong together, like a
 * request and the responses to it) at no more than `rate` messages a second. Steps for a
 * target that cannot take them now (a UA reconnecting after a reset stream) wait in its
 * backlog while the others go on: each target still gets its messages in the order the seed
 * made them, and no time is lost waiting; a target down for long loses its oldest steps.
 */
export class StepScheduler {
  sent = 0;
  skipped = 0;
  readonly sentByTarget = Object.fromEntries(TARGETS.map((t) => [t, 0])) as Record<TargetName, number>;
  /** The last step sent. */
  inFlight: Step | undefined;
  /** The last WINDOW steps sent, oldest first. */
  readonly window: Step[] = [];
  private readonly backlog = new Map<TargetName, Step[][]>(TARGETS.map((t) => [t, []]));
  private readonly started = Date.now();

  constructor(
    private readonly testbed: Testbed,
    private readonly rate: number,
  ) {}

  /** Steps generated but still waiting for their target. */
  get queued(): number {
    let n = 0;
    for (const groups of this.backlog.values()) for (const group of groups) n += group.length;
    return n;
  }

  /** Send a group now if its target is ready and has nothing waiting, else queue it; then send what became sendable. False once the target died. */
  async submit(name: TargetName, group: Step[]): Promise<boolean> {
    const groups = this.backlog.get(name)!;
    if (groups.length === 0 && this.testbed.links.get(name)!.ready) {
      if (!(await this.runGroup(name, group))) return false;
    } else {
      groups.push(group);
    }
    return this.flush();
  }

  /** Send what is still waiting as its targets come back, for up to `ms`; what is left is skipped. */
  async drain(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.queued > 0 && this.testbed.target.alive && Date.now() < until) {
      const waiting = TARGETS.find((name) => this.backlog.get(name)!.length > 0)!;
      await this.testbed.links.get(waiting)!.waitReady(Math.max(0, until - Date.now()));
      if (!(await this.flush())) break;
    }
    for (const [name, groups] of this.backlog) {
      for (const group of groups.splice(0)) this.drop(name, group, 'down at the end');
    }
  }

  private async flush(): Promise<boolean> {
    for (const name of TARGETS) {
      const groups = this.backlog.get(name)!;
      while (groups.length > MAX_BACKLOG) this.drop(name, groups.shift()!, 'down too long');
      while (groups.length > 0 && this.testbed.links.get(name)!.ready) {
        if (!(await this.runGroup(name, groups.shift()!))) return false;
      }
    }
    return true;
  }

  /** Send a group of steps; when the target stops being ready midway, the rest goes back to the front of its backlog. */
  private async runGroup(name: TargetName, group: Step[]): Promise<boolean> {
    for (const [i, step] of group.entries()) {
      if (!this.testbed.links.get(name)!.ready) {
        this.backlog.get(name)!.unshift(group.slice(i));
        return true;
      }
      this.inFlight = step;
      this.window.push(step);
      if (this.window.length > WINDOW) this.window.shift();
      if ((await this.testbed.run(step)) === 'sent') {
        this.sent++;
        this.sentByTarget[name]++;
        const early = this.started + (this.sent * 1000) / this.rate - Date.now();
        if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
      } else {
        this.skipped++;
      }
      if (!this.testbed.target.alive) return false;
    }
    return true;
  }

  private drop(name: TargetName, group: Step[], why: string): void {
    this.skipped += group.length;
    for (let i = 0; i < group.length; i++) this.testbed.skip(`${name} ${why}`);
  }
}
