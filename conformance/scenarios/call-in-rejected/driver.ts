import type { DriverContext, LegacySession } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

export default async function callInRejected(ctx: DriverContext): Promise<void> {
  const { sessions, events } = await answeringUa(ctx, (session: LegacySession) => {
    session.reject({ statusCode: 486, reasonPhrase: 'Busy Here' });
  });
  const run = await ctx.sipp('uac_rejected.xml', { args: ['-s', 'alice', '-m', '1'] });
  await ctx.finish(run);
  await ctx.until('the session ended', () => events[0]?.includes('terminated') === true, 5000);
  ctx.expect('one call reached the UA', 1, sessions.length);
  const wire = ctx.wire('alice');
  const finals = wire.responses('sent', 'INVITE').filter((r) => (r.status ?? 0) >= 200);
  ctx.expect('the final answer was 486', [486], [...new Set(finals.map((r) => r.status))], finals[0]);
  ctx.check('the session reported its end', events[0]?.some((e) => e.startsWith('failed') || e.startsWith('rejected')) === true, 'rejected/failed, then terminated', JSON.stringify(events[0]));
}
