import type { DriverContext } from '../../runner/driver-api.js';
import { callEvents, hangUp, registeredUa } from '../shared/steps.js';

export default async function callOutEarlyMedia(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_early_media.xml', { args: ['-m', '1', '-d', '500'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  const events = callEvents(call);
  await ctx.event(call, 'accepted');
  await hangUp(ctx, call);
  await ctx.finish(peer);
  ctx.expect('the call events', ['progress 183', 'accepted 200', 'bye', 'terminated'], events);
  const wire = ctx.wire('alice');
  await ctx.until('the answer to the BYE', () => wire.responses('received', 'BYE').length > 0, 3000).catch(() => undefined);
  const early = wire.responses('received', 'INVITE').find((r) => r.status === 183);
  ctx.check('the 183 carried SDP', (early?.body ?? '').startsWith('v=0'), 'an SDP answer in the 183', early?.body.slice(0, 40) ?? '(no 183)', early);
  ctx.expect('the BYE was answered 200', [200], wire.responses('received', 'BYE').map((r) => r.status));
}
