import type { DriverContext } from '../../runner/driver-api.js';
import { callEvents, registeredUa } from '../shared/steps.js';

export default async function callOutBusy(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_busy.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  const events = callEvents(call);
  await ctx.event(call, 'terminated');
  await ctx.finish(peer);
  const busy = ctx.SIP.C.causes.BUSY;
  ctx.expect('the call events', [`rejected 486 ${busy}`, `failed 486 ${busy}`, 'terminated'], events);
}
