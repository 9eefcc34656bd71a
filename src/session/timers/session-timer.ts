import type { SipRequest, SipResponse } from '../../syntax/index.js';
import type { Clock } from '../../transport/index.js';
import { OneShotTimer } from '../one-shot-timer.js';
import { hasOptionTag, minSeOf, sessionExpiresOf } from './session-timer-headers.js';
import { MIN_SESSION_EXPIRES_FLOOR, type SessionTimerSettings } from './session-timer-settings.js';

/** What the timer asks its session to do. */
export interface SessionTimerActions {
  /** We are the refresher and half the interval has passed (RFC 4028 §10): send a session refresh. */
  refresh(): void;
  /** The peer was to refresh and did not, or our refresh got no answer (RFC 4028 §10): end the session with a BYE. */
  expire(): void;
}

/** Our answer to a peer's INVITE, re-INVITE or UPDATE as session timers decide it (RFC 4028 §9). */
export type SessionTimerVerdict =
  /** RFC 4028 §9: its interval is below our minimum: 422 with our Min-SE. */
  | { reject: true; headers: [string, string][] }
  /** The headers of our 2xx; `start` once it has gone. */
  | { reject: false; headers: [string, string][]; start: () => void };

/**
 * The session timer of one session (RFC 4028): the interval and who refreshes, negotiated by each
 * INVITE, re-INVITE or UPDATE and its 2xx; a refresh at half the interval when we refresh (§10), and
 * a BYE at `SE − min(32, SE/3)` when no refresh came (§10). Refresher values on the wire name the
 * UAC and UAS of that one transaction, so each side reads them as `local` or `remote` by its role in it.
 */
export class SessionTimer {
  private interval: number | undefined;
  private localRefresher = false;
  private minimum: number;
  private asked: number;
  private readonly refreshTimer: OneShotTimer;
  private readonly expiryTimer: OneShotTimer;

  constructor(
    clock: Clock,
    settings: SessionTimerSettings,
    private readonly actions: SessionTimerActions,
  ) {
    this.minimum = Math.max(MIN_SESSION_EXPIRES_FLOOR, settings.minSessionExpires);
    this.asked = Math.max(this.minimum, settings.sessionExpires);
    this.refreshTimer = new OneShotTimer(clock);
    this.expiryTimer = new OneShotTimer(clock);
  }

  /** The negotiated interval in seconds (undefined: no session timer), and whether we refresh. */
  get state(): { interval: number | undefined; refresher: 'local' | 'remote' | undefined } {
    return { interval: this.interval, refresher: this.interval === undefined ? undefined : this.localRefresher ? 'local' : 'remote' };
  }

  /**
   * The header lines of a request of ours (RFC 4028 §7.1, §7.4): Session-Expires (the current interval,
   * naming the current refresher once there is one), Min-SE, and `Supported: timer` in a dialog (the
   * initial INVITE has it from the UA's Supported).
   */
  requestHeaders(inDialog: boolean): string[] {
    const seconds = this.interval ?? this.asked;
    const refresher = this.interval === undefined ? '' : this.localRefresher ? ';refresher=uac' : ';refresher=uas';
    return [...(inDialog ? ['Supported: timer'] : []), `Session-Expires: ${seconds}${refresher}`, `Min-SE: ${this.minimum}`];
  }

  /**
   * A 422 to our request (RFC 4028 §7.3): the next try asks for the peer's Min-SE (and says it in ours).
   * False when the 422 names nothing larger than what we asked: trying again would get the same answer.
   */
  tooSmall(response: SipResponse): boolean {
    const theirs = minSeOf(response);
    const current = this.interval ?? this.asked;
    if (theirs === undefined || theirs <= current) return false;
    this.minimum = Math.max(this.minimum, theirs);
    this.asked = theirs;
    if (this.interval !== undefined) this.interval = theirs;
    return true;
  }

  /**
   * The 2xx to our INVITE, re-INVITE or UPDATE (RFC 4028 §7.2): its Session-Expires sets the interval and
   * the refresher (`uac`, or no parameter: us); without one there is no session timer from now on.
   */
  answered(response: SipResponse): void {
    const expires = sessionExpiresOf(response);
    if (expires === undefined) {
      this.stop();
      this.interval = undefined;
      return;
    }
    this.run(expires.seconds, expires.refresher !== 'uas');
  }

  /**
   * The peer's INVITE, re-INVITE or UPDATE (RFC 4028 §9). Below our Min-SE, from a UA that supports
   * timers: 422. Otherwise our 2xx names the interval — the request's, raised to our minimum, or ours
   * when it asked none — and the refresher: the one it chose, else the peer; us when it does not support
   * timers (it could not refresh), and then without `Require: timer`.
   */
  verdict(request: SipRequest): SessionTimerVerdict {
    const supports = hasOptionTag(request, 'timer');
    const expires = sessionExpiresOf(request);
    if (expires !== undefined && expires.seconds < this.minimum && supports) {
      return { reject: true, headers: [['Min-SE', String(this.minimum)]] };
    }
    const seconds = Math.max(expires?.seconds ?? Math.max(this.asked, minSeOf(request) ?? 0), this.minimum);
    const refresher = !supports ? 'uas' : (expires?.refresher ?? 'uac');
    const headers: [string, string][] = [['Session-Expires', `${seconds};refresher=${refresher}`]];
    if (supports) headers.push(['Require', 'timer']);
    headers.push(['Supported', 'timer']);
    return { reject: false, headers, start: () => this.run(seconds, refresher === 'uas') };
  }

  /** No more refreshes nor expiry: the session ended. */
  stop(): void {
    this.refreshTimer.clear();
    this.expiryTimer.clear();
  }

  private run(seconds: number, local: boolean): void {
    this.interval = seconds;
    this.localRefresher = local;
    this.stop();
    // RFC 4028 §10: the refresher refreshes at half the interval; whoever waits sends BYE at SE − min(32, SE/3).
    if (local) this.refreshTimer.start((seconds * 1000) / 2, () => this.actions.refresh());
    this.expiryTimer.start((seconds - Math.min(32, seconds / 3)) * 1000, () => this.actions.expire());
  }
}
