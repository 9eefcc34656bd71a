import type { DriverContext, LegacySession } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

export default async function callInCancelled(ctx: DriverContext): Promise<void> {
  const { sessions, events } = await answeringUa(ctx, (session: LegacySession) => {
    session.progress();
  });
  const run = await ctx.sipp('uac_cancel.xml', { args: ['-s', 'alice', '-m', '1'] });
  await ctx.finish(run);
  await ctx.until('the session ended', () => events[0]?.includes('terminated') === true, 5000);
  ctx.expect('one call reached the UA', 1, sessions.length);
  const wire = ctx.wire('alice');
  ctx.expect('the CANCEL was answered 200', [200], wire.responses('sent', 'CANCEL').map((r) => r.status));
  ctx.check('the INVITE was answered 487', wire.responses('sent', 'INVITE').some((r) => r.status === 487), '487 Request Terminated', wire.responses('sent', 'INVITE').map((r) => r.status).join(', '));
  const canceled = ctx.SIP.C.causes.CANCELED ?? 'Canceled';
  ctx.check('the session failed with cause CANCELED', events[0]?.some((e) => e.startsWith('failed') && e.endsWith(canceled)) === true, `failed … ${canceled}`, JSON.stringify(events[0]));
}
