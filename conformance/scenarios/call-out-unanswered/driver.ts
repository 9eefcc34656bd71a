import type { DriverContext } from '../../runner/driver-api.js';
import { callEvents, registeredUa } from '../shared/steps.js';

export default async function callOutUnanswered(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_ring_timeout.xml', { args: ['-m', '1', '-d', '1000'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  const events = callEvents(call);
  await ctx.event(call, 'terminated', 15_000);
  await ctx.finish(peer);
  const causes = ctx.SIP.C.causes;
  const failed = events.find((event) => event.startsWith('failed')) ?? '(no failed event)';
  // The legacy causes table files 408 (with 480, 410, 430) under UNAVAILABLE.
  ctx.expect('the call failed on the 408 with the legacy cause for it', `failed 408 ${causes.UNAVAILABLE}`, failed);
  ctx.expect('it rang first and ended', ['progress 180', 'terminated'], events.filter((e) => e.startsWith('progress') || e === 'terminated'));
}
