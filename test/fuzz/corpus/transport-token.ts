import type { TargetName } from '../step.js';

/** The Via transport token a message over `target` carries (RFC 3261 §18, RFC 7118 §5.1). */
export function viaTransport(target: TargetName): 'UDP' | 'TCP' | 'WS' {
  if (target === 'ua-ws') return 'WS';
  return target.endsWith('udp') ? 'UDP' : 'TCP';
}

/** A sent-by for the fuzzer's own Via: a name that resolves nowhere (RFC 6761), never a real host. */
export const FUZZER_HOST = 'fuzzer.invalid';
