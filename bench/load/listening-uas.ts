// The UAS of the calls-per-second benchmark: a sipforge `SIP.UA` that listens on UDP (`listen`, no
// registration) and answers every INVITE at once, without media; and SIPp's built-in `uac` calling it.
// bench/load/cps-worker.ts runs it in a child; cps-alloc.ts and ended-call-heap.ts in their own process.
import { spawn } from 'node:child_process';
import { freePortBlock } from '../../test/support/free-ports.js';
import { SIPP_PORTS, sippLocal } from '../../test/support/sipp.js';
import SIP from '../../src/node.js';
import { nullMediaFactory } from './lifecycles/null-media.js';

export interface ListeningUas {
  ua: InstanceType<typeof SIP.UA>;
  /** Calls answered (2xx sent) and ended so far. */
  readonly answered: number;
  readonly ended: number;
}

/** The UAS on udp:127.0.0.1:`port`, once it listens. */
export async function startListeningUas(port: number): Promise<ListeningUas> {
  const ua = new SIP.UA({ uri: 'sip:service@127.0.0.1', listen: `udp:127.0.0.1:${port}`, register: false, log: { builtinEnabled: false }, mediaHandlerFactory: nullMediaFactory });
  const uas = { ua, answered: 0, ended: 0 };
  ua.on('invite', (session) => {
    session.once('accepted', () => (uas.answered += 1));
    session.once('terminated', () => (uas.ended += 1));
    session.accept();
  });
  await new Promise<void>((resolve) => ua.on('listening', () => resolve()));
  return uas;
}

/** SIPp's `uac`: `count` calls at `rate` calls/s to the UAS on `port`, each hung up at once; resolves with SIPp's exit code. */
export async function sippCalls(port: number, count: number, rate: number): Promise<number | null> {
  const sippPort = await freePortBlock(SIPP_PORTS);
  const args = ['-sn', 'uac', `127.0.0.1:${port}`, '-s', 'service', ...sippLocal(sippPort), '-r', String(rate), '-m', String(count), '-d', '0', '-nostdin', '-timeout', `${Math.ceil(count / rate) + 30}s`];
  return new Promise((resolve, reject) => {
    const child = spawn('sipp', args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', resolve);
  });
}
