import type { UaMethod, UaTargetName } from '../step.js';

/** Where the target's UAs connect and where its UDP listener sends (ports of the fuzzer's sockets). */
export interface TargetConfig {
  wsPort: number;
  udpPort: number;
  tcpPort: number;
  /** The fuzzer's socket that receives everything the target's UDP listener sends. */
  coreUdpPeerPort: number;
  /** The fuzzer's socket that receives everything the listening UA sends. */
  listenUdpPeerPort: number;
  /** Log the UAs' and cores' warnings to stderr. */
  verbose: boolean;
}

/** How the target is doing; sent every HEALTH_INTERVAL_MS and on request. */
export interface Health {
  type: 'health';
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  /** Longest event-loop delay since the previous report, ms. */
  eventLoopMaxMs: number;
  /** CPU time (user + system) since the target started, ms. */
  cpuMs: number;
  /** Transactions alive in the two UA cores of the listeners. */
  coreTransactions: number;
  /** Of those, the TCP listener's (on a reliable transport a finished non-INVITE transaction ends at once, RFC 3261 §17.2.2). */
  coreTcpTransactions: number;
  /** Dialogs the listeners' cores keep. */
  coreDialogs: number;
  /** Open TCP connections of the TCP listener. */
  coreTcpConnections: number;
  /** Set when the report answers a `gc` command: measured right after a full collection. */
  afterGc: boolean;
}

export const HEALTH_INTERVAL_MS = 200;

/** From the target to the fuzzer. */
export type TargetMessage =
  | { type: 'ready'; coreUdpPort: number; coreTcpPort: number; listenUdpPort: number }
  | Health
  | { type: 'triggered'; id: number; ua: UaTargetName; method: UaMethod; error?: string }
  | { type: 'synced'; id: number }
  /** A UA registered (its first REGISTER was answered 200 and handled). */
  | { type: 'registered'; ua: UaTargetName };

/** From the fuzzer to the target. */
export type FuzzerCommand =
  /** Make the UA connected to `ua` send `method` (INVITE through `ua.invite`). */
  | { type: 'trigger'; id: number; ua: UaTargetName; method: UaMethod }
  /** Collect garbage, then report health with `afterGc`. */
  | { type: 'gc' }
  /**
   * Answer `synced` once what has already arrived on the sockets is handled: the answer waits
   * for the check phase (setImmediate), after the poll phase that read those sockets, and after
   * the microtasks where an escaping exception would be rethrown.
   */
  | { type: 'sync'; id: number };
