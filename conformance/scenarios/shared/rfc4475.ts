// RFC 4475 torture messages sent by one SIPp straight to a UA's UDP port (the scenario folder's
// rfc4475.xml, each message listed in its messages.json), and the answer the UA gave each, read
// from its own trace. The server drops such messages, so they cannot come through
// it: the UA registers through it over UDP (which makes it listen on a UDP port), takes the
// messages, then registers again and answers an OPTIONS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverContext, LegacySession, LegacyUA } from '../../runner/driver-api.js';
import { UAS_VERDICTS } from '../../../test/support/rfc4475-uas-verdicts.js';

/** One entry of messages.json. */
interface TortureMessage {
  /** The archive's file name without `.dat`. */
  name: string;
  section: string;
  title: string;
  /** Its Call-ID, by which its answer is found; null when it has none. */
  callId: string | null;
  /** Its method, null for a response. */
  method: string | null;
  toTag: boolean;
}

// A message the UA drops gets no answer: this long without one counts as dropped.
const QUIET_MS = 400;

/**
 * The answer the RFC asks of a UA (test/support/rfc4475-uas-verdicts.ts, shared with the
 * transport-level test), or 'none' when it must drop the message. A request that must be
 * accepted reaches the application, which here rejects INVITEs with 486; the UA answers OPTIONS
 * itself; one with a To tag names a dialog the UA lacks (481, RFC 3261 §12.2.2).
 */
function expectedAnswer(message: TortureMessage): number | 'none' {
  const verdict = UAS_VERDICTS[message.name];
  if (verdict === undefined) throw new Error(`no RFC 4475 verdict for ${message.name}`);
  if (verdict === 'drop') return 'none';
  if (verdict !== 'pass') return verdict;
  if (message.toTag) return 481;
  return message.method === 'INVITE' ? 486 : 200;
}

/**
 * The UA's UDP port: the sent-by port of its REGISTER's Via (RFC 3261 §18.1.1: where it takes
 * responses, the port its Contact names too), or the rport the server put in its answer (RFC 3581 §4).
 */
function udpPort(ctx: DriverContext, role: string): number | undefined {
  const wire = ctx.wire(role);
  const via = wire.responses('received', 'REGISTER').at(-1)?.header('Via') ?? '';
  const port = /;rport=(\d+)/.exec(via)?.[1] ?? /^SIP\s*\/\s*2\.0\s*\/\s*UDP\s+[^\s;:]+:(\d+)/i.exec(via)?.[1];
  return port === undefined ? undefined : Number(port);
}

export async function sendTortureMessages(ctx: DriverContext, dir: string): Promise<void> {
  const messages = JSON.parse(readFileSync(join(dir, 'messages.json'), 'utf8')) as TortureMessage[];
  const ua = ctx.ua('alice', { config: { register: true, wsServers: `udp:${ctx.target.sip.host}:${ctx.target.sip.port}` } });
  ua.on('invite', ((session: LegacySession) => session.reject({ statusCode: 486 })) as (...args: never[]) => void);
  const registered = ctx.event(ua, 'registered');
  ua.start();
  await registered;
  const port = udpPort(ctx, 'alice');
  if (port === undefined) throw new Error(`no UDP port in the Via of the answer to alice's REGISTER: ${ctx.wire('alice').responses('received', 'REGISTER').at(-1)?.header('Via') ?? '(no answer)'}`);
  const wire = ctx.wire('alice');
  const run = await ctx.sipp('rfc4475.xml', { args: ['-rsa', `127.0.0.1:${port}`, '-m', '1'] });
  await ctx.finish(run);
  const answer = (message: TortureMessage): number | undefined =>
    message.callId === null ? undefined : wire.sent.find((m) => m.status !== undefined && m.callId === message.callId)?.status;
  const wanted: Record<string, number | 'none'> = {};
  for (const message of messages) wanted[`${message.name} (§${message.section})`] = expectedAnswer(message);
  // Every answer that is due, then a quiet spell for the ones that must not come.
  const due = messages.filter((message) => wanted[`${message.name} (§${message.section})`] !== 'none');
  await ctx.until('an answer to each message that gets one', () => due.every((message) => answer(message) !== undefined), 5000).catch(() => undefined);
  await ctx.sleep(QUIET_MS);
  const seen: Record<string, number | 'none'> = {};
  for (const message of messages) seen[`${message.name} (§${message.section})`] = answer(message) ?? 'none';
  ctx.expect('each message got the answer RFC 4475 asks for (none: dropped)', wanted, seen);
  await stillWorks(ctx, ua, port);
}

async function stillWorks(ctx: DriverContext, ua: LegacyUA, port: number): Promise<void> {
  const registered = ctx.event(ua, 'registered');
  ua.register();
  await registered;
  ctx.expect('the UA registers again afterwards', true, ua.isRegistered());
  const before = ctx.wire('alice').responses('sent', 'OPTIONS').length;
  // Straight to its port as the torture messages went (its Contact names that port, so the server
  // could route it there too; the direct path keeps the check to the UA alone).
  const run = await ctx.sipp('options_direct.xml', { name: 'sipp options', args: ['-rsa', `127.0.0.1:${port}`, '-s', 'alice', '-m', '1'] });
  await ctx.finish(run);
  const answers = ctx.wire('alice').responses('sent', 'OPTIONS').slice(before);
  ctx.expect('and answers an OPTIONS 200', [200], answers.map((r) => r.status), answers[0]);
}
