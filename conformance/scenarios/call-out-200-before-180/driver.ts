import type { DriverContext } from '../../runner/driver-api.js';
import { callEvents, hangUp, registeredUa } from '../shared/steps.js';

export default async function callOut200Before180(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_200_before_180.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  const events = callEvents(call);
  await ctx.event(call, 'accepted');
  await ctx.sleep(1000);
  await hangUp(ctx, call);
  await ctx.finish(peer);
  ctx.expect('the call events: the late 180 ignored', ['accepted 200', 'bye', 'terminated'], events);
  const wire = ctx.wire('alice');
  const statuses = wire.responses('received', 'INVITE').map((r) => r.status).filter((s) => s !== 100 && s !== 407 && s !== 401);
  ctx.expect('the 180 did come after the 200 on the wire', [200, 180], statuses);
  ctx.expect('one ACK for the 200 (the 401/407 ACK aside)', 1, wire.requests('sent', 'ACK').filter((m) => m.cseq?.seq === wire.requests('sent', 'INVITE').pop()?.cseq?.seq).length);
}
