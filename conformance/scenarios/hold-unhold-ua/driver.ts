import type { DriverContext } from '../../runner/driver-api.js';
import { callEvents, hangUp, registeredUa } from '../shared/steps.js';

const direction = (sdp: string): string => /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(sdp)?.[1] ?? 'sendrecv';
const version = (sdp: string): number => Number(/^o=\S+ \S+ (\d+)/m.exec(sdp)?.[1]);

export default async function holdUnholdUa(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_hold.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  callEvents(call);
  const holds = ctx.record(call, 'hold');
  const unholds = ctx.record(call, 'unhold');
  await ctx.event(call, 'accepted');
  await ctx.sleep(300);
  call.hold!();
  await ctx.until('the hold event', () => holds.length > 0);
  await ctx.sleep(300);
  call.unhold!();
  await ctx.until('the unhold event', () => unholds.length > 0);
  await ctx.sleep(300);
  await hangUp(ctx, call);
  await ctx.finish(peer);
  const wire = ctx.wire('alice');
  const invites = wire.requests('sent', 'INVITE');
  // RFC 3261 §12.2.1.1: in-dialog requests carry the To tag; the initial INVITE (the last one, after a 407) does not.
  const reinvites = invites.filter((m) => /;\s*tag=/.test(m.header('To') ?? ''));
  const initial = invites.filter((m) => !/;\s*tag=/.test(m.header('To') ?? '')).pop();
  ctx.expect('two re-INVITEs: hold, then unhold', ['sendonly', 'sendrecv'], reinvites.map((m) => direction(m.body)), reinvites[0]);
  ctx.expect('each offer bumps the o= version (RFC 3264 §8)', [version(initial?.body ?? '') + 1, version(initial?.body ?? '') + 2], reinvites.map((m) => version(m.body)), reinvites[1]);
  const answers = wire.responses('received', 'INVITE').filter((r) => r.status === 200).slice(1);
  ctx.expect('carol answered recvonly, then sendrecv', ['recvonly', 'sendrecv'], answers.map((r) => direction(r.body)));
  ctx.expect('hold and unhold events, each once', [1, 1], [holds.length, unholds.length]);
}
