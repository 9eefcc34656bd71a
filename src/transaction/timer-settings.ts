/**
 * Transaction timer values in milliseconds (RFC 3261 §17 and Appendix A, Table 4; RFC 6026
 * §8.4 and §8.7 for L and M). D, I, J and K hold the value for unreliable transports; on
 * reliable transports they are always zero (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2).
 */
export interface TimerSettings {
  /** RTT estimate. */
  T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses. */
  T2: number;
  /** Maximum duration a message remains in the network. */
  T4: number;
  /** Initial INVITE request retransmit interval (unreliable only); doubles without a cap. */
  timerA: number;
  /** INVITE client transaction timeout. */
  timerB: number;
  /** INVITE client: wait for final response retransmissions in Completed. */
  timerD: number;
  /** Initial non-INVITE request retransmit interval (unreliable only); doubles up to T2. */
  timerE: number;
  /** Non-INVITE client transaction timeout. */
  timerF: number;
  /** Initial INVITE final response retransmit interval (unreliable only); doubles up to T2. */
  timerG: number;
  /** INVITE server: wait for the ACK of a non-2xx final response. */
  timerH: number;
  /** INVITE server: wait for ACK retransmissions in Confirmed. */
  timerI: number;
  /** Non-INVITE server: wait for request retransmissions in Completed. */
  timerJ: number;
  /** Non-INVITE client: wait for response retransmissions in Completed. */
  timerK: number;
  /** INVITE server: how long Accepted lasts after a 2xx (RFC 6026 §8.7). */
  timerL: number;
  /** INVITE client: how long Accepted lasts after a 2xx (RFC 6026 §8.4). */
  timerM: number;
  /**
   * INVITE, the TU above the client transaction: how long a call may go without a final
   * response or a non-100 provisional one before it is CANCELed (RFC 3261 §16.6 step 11,
   * §16.7 step 2, §16.8; Table 4: a proxy's Timer C, "> 3min"). Proceeding has no timer of its
   * own, so without this an INVITE answered only by 1xx never ends on the caller side.
   */
  timerC: number;
}

/** The base values of RFC 3261 Table 4: T1 500 ms, T2 4 s, T4 5 s. */
export const DEFAULT_T1 = 500;
export const DEFAULT_T2 = 4000;
export const DEFAULT_T4 = 5000;

/** RFC 3261 §17.1.1.2: Timer D is at least 32 seconds on unreliable transports. */
const TIMER_D_UNRELIABLE = 32_000;

/**
 * Timer C of a UA: 3 minutes, the gap between responses after which RFC 3261 §13.3.1.1 lets a
 * proxy cancel an INVITE (a UAS that needs longer sends a non-100 provisional every minute).
 */
export const DEFAULT_TIMER_C = 180_000;

// The settings made for each set of overrides: every UA of a process (thousands, each with a layer)
// passes the same ones, and each kept a copy of its own (about 150 B).
const MADE = new Map<string, TimerSettings>();

/**
 * Complete timer settings: T1, T2 and T4 default to Table 4, and every timer not given is
 * derived from them (A, E, G = T1; B, F, H, J, L, M = 64*T1; I, K = T4; D = 32 s; C = 3 min).
 * Frozen, and shared by the callers that give the same overrides.
 */
export function timerSettings(overrides: Partial<TimerSettings> = {}): TimerSettings {
  let key = '';
  for (const [name, value] of Object.entries(overrides)) if (value !== undefined) key += `${name}=${value};`;
  let settings = MADE.get(key);
  if (settings === undefined) {
    settings = Object.freeze(deriveTimers(overrides));
    // Bounded: a program that makes layers with ever new timer values does not grow it without end.
    if (MADE.size < 64) MADE.set(key, settings);
  }
  return settings;
}

function deriveTimers(overrides: Partial<TimerSettings>): TimerSettings {
  const T1 = overrides.T1 ?? DEFAULT_T1;
  const T2 = overrides.T2 ?? DEFAULT_T2;
  const T4 = overrides.T4 ?? DEFAULT_T4;
  const derived: TimerSettings = {
    T1,
    T2,
    T4,
    timerA: T1,
    timerB: 64 * T1,
    timerD: TIMER_D_UNRELIABLE,
    timerE: T1,
    timerF: 64 * T1,
    timerG: T1,
    timerH: 64 * T1,
    timerI: T4,
    timerJ: 64 * T1,
    timerK: T4,
    timerL: 64 * T1,
    timerM: 64 * T1,
    timerC: DEFAULT_TIMER_C,
  };
  for (const [name, value] of Object.entries(overrides) as Array<[keyof TimerSettings, number | undefined]>) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`timer ${name} must be a finite, non-negative number of milliseconds: ${value}`);
    derived[name] = value;
  }
  return derived;
}
