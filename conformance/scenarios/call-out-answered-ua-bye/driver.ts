import type { DriverContext } from '../../runner/driver-api.js';
import { callEvents, hangUp, registeredUa } from '../shared/steps.js';

export default async function callOutAnsweredUaBye(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  const events = callEvents(call);
  await ctx.event(call, 'accepted');
  await ctx.sleep(300);
  await hangUp(ctx, call);
  await ctx.finish(peer);
  ctx.expect('the call events', ['progress 180', 'accepted 200', 'bye', 'terminated'], events);
  const wire = ctx.wire('alice');
  // terminated comes as the BYE leaves; its answer may still be on its way.
  await ctx.until('the answer to the BYE', () => wire.responses('received', 'BYE').length > 0, 3000).catch(() => undefined);
  const [ok] = wire.responses('received', 'INVITE').filter((r) => r.status === 200);
  const [bye] = wire.requests('sent', 'BYE');
  ctx.expect('the BYE has the INVITE’s CSeq + 1 (RFC 3261 §12.2.1.1)', (ok?.cseq?.seq ?? 0) + 1, bye?.cseq?.seq, bye);
  ctx.check('the BYE follows the route set (a Route header)', (bye?.headerValues('Route').length ?? 0) > 0, 'Route: the 200’s Record-Route reversed', bye?.header('Route') ?? '(none)', bye);
  ctx.expect('the BYE was answered 200', [200], wire.responses('received', 'BYE').map((r) => r.status));
}
