import type { DriverContext } from '../../runner/driver-api.js';
import { callEvents, registeredUa } from '../shared/steps.js';

export default async function callOutAnsweredPeerBye(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_callee_bye.xml', { args: ['-m', '1', '-d', '500'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  const events = callEvents(call);
  await ctx.event(call, 'terminated', 15_000);
  await ctx.finish(peer);
  ctx.expect('the call events', ['progress 180', 'accepted 200', 'bye', 'terminated'], events);
  const wire = ctx.wire('alice');
  ctx.expect('the UA answered the BYE 200', [200], wire.responses('sent', 'BYE').map((r) => r.status), wire.responses('sent', 'BYE')[0]);
  const invite = wire.requests('sent', 'INVITE').pop();
  ctx.expect('one ACK for the 200 (the ACK of a 407 aside)', 1, wire.requests('sent', 'ACK').filter((ack) => ack.cseq?.seq === invite?.cseq?.seq).length);
}
