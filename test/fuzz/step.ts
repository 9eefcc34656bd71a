/**
 * What the fuzzer sends, as data: a step is one message to one target, written to a replay
 * file byte for byte, so a crash can be sent again exactly (`npm run fuzz -- --replay file`).
 */

/**
 * Where a message goes. `ua-*`: a `SIP.UA` of the target process, connected to the fuzzer's
 * WebSocket, UDP or TCP server (the fuzzer sends over that connection, as its server would).
 * `core-*`: a `UserAgentCore` on a listening UDP or TCP transport of the target process.
 * `listen-udp`: a `SIP.UA` with no server that listens on UDP (the `listen` option).
 */
export type TargetName = 'ua-ws' | 'ua-udp' | 'ua-tcp' | 'core-udp' | 'core-tcp' | 'listen-udp';

export type UaTargetName = Extract<TargetName, `ua-${string}`>;

export const TARGETS: readonly TargetName[] = ['ua-ws', 'ua-udp', 'ua-tcp', 'core-udp', 'core-tcp', 'listen-udp'];

export function isUaTarget(name: TargetName): name is UaTargetName {
  return name.startsWith('ua-');
}

/** Requests a `SIP.UA` can be made to send (INVITE through `ua.invite`). */
export type UaMethod = 'REGISTER' | 'MESSAGE' | 'OPTIONS' | 'INVITE';

export interface Step {
  target: TargetName;
  /**
   * Make the UA send this request first (only for `ua-*`): the step's data then answers it,
   * its `{{via}}`, `{{from}}`, `{{to}}`, `{{callid}}`, `{{cseq}}`, `{{branch}}`, `{{fromtag}}`
   * placeholders filled from the request the UA sent.
   */
  trigger?: UaMethod;
  /** The octets, one per character (latin1); may hold `{{…}}` placeholders. */
  data: string;
  /**
   * Wait for the target's first answer to this message (matched by `marker`) before the next
   * step; its To tag fills `{{totag}}` in later steps (requests inside the dialog it made).
   */
  awaitAnswer?: boolean;
  /** Text in this message that the target's answer to it contains (usually the Call-ID). */
  marker?: string;
  /** WebSocket only: the frame type (default: text when the octets are UTF-8). */
  frame?: 'text' | 'binary';
  /** Streams only: write in pieces of this many octets, each in its own write. */
  chunkSize?: number;
  /** What made this message (seed message and mutators), for people reading a replay file. */
  note?: string;
}

/** Replace `{{name}}` placeholders whose name `values` holds; others stay as they are. */
export function fillPlaceholders(data: string, values: ReadonlyMap<string, string>): string {
  if (values.size === 0 || !data.includes('{{')) return data;
  return data.replace(/\{\{([a-z]+)\}\}/g, (whole, name: string) => values.get(name) ?? whole);
}
