import type { Clock, TimerHandle } from './clock.js';

export interface CrlfKeepAliveOptions {
  clock: Clock;
  /** Nominal interval between pings, in ms; each wait is a random 80–100 % of it. */
  interval: number;
  /** How long to wait for the pong, in ms (RFC 5626 §4.4.1: 10 s). */
  pongTimeout?: number;
  random?: () => number;
  /** Sends one ping on the flow. */
  sendPing: () => Promise<void>;
  /** No pong came in time: the flow is dead. */
  onTimeout: () => void;
}

/**
 * The client side of the RFC 5626 §4.4.1 CRLF keep-alive on one flow. A ping is sent after a
 * random 80–100 % of the interval (RFC 5626 §4.4.1 spreads pings so clients do not synchronise);
 * the next one is scheduled when its pong arrives, so at most one ping is outstanding. A pong
 * missing after `pongTimeout` means the flow has failed.
 */
export class CrlfKeepAlive {
  private readonly clock: Clock;
  private readonly interval: number;
  private readonly pongTimeout: number;
  private readonly random: () => number;
  private readonly sendPing: () => Promise<void>;
  private readonly onTimeout: () => void;
  private pingTimer: TimerHandle | undefined;
  private pongTimer: TimerHandle | undefined;
  private running = false;

  constructor(options: CrlfKeepAliveOptions) {
    this.clock = options.clock;
    this.interval = options.interval;
    this.pongTimeout = options.pongTimeout ?? 10_000;
    this.random = options.random ?? Math.random;
    this.sendPing = options.sendPing;
    this.onTimeout = options.onTimeout;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedulePing();
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
  }

  /** A pong arrived on the flow. */
  pongReceived(): void {
    if (!this.running || this.pongTimer === undefined) return;
    this.clock.clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
    this.schedulePing();
  }

  private schedulePing(): void {
    const delay = this.interval * (0.8 + 0.2 * this.random());
    this.pingTimer = this.clock.setTimeout(() => this.ping(), delay);
  }

  private ping(): void {
    this.pingTimer = undefined;
    this.pongTimer = this.clock.setTimeout(() => {
      this.pongTimer = undefined;
      this.running = false;
      this.onTimeout();
    }, this.pongTimeout);
    // A ping that cannot be sent is left to the pong timer: the flow is reported dead either way.
    this.sendPing().catch(() => undefined);
  }

  private clearTimers(): void {
    if (this.pingTimer !== undefined) this.clock.clearTimeout(this.pingTimer);
    if (this.pongTimer !== undefined) this.clock.clearTimeout(this.pongTimer);
    this.pingTimer = undefined;
    this.pongTimer = undefined;
  }
}
