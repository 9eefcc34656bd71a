import type { DriverContext, LegacySession } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

export default async function dtmfInfoIn(ctx: DriverContext): Promise<void> {
  const tones: string[] = [];
  const { sessions, events } = await answeringUa(ctx, (session: LegacySession) => {
    session.on('dtmf', ((_request: unknown, dtmf: { tone?: string }) => tones.push(String(dtmf?.tone))) as (...args: never[]) => void);
    session.progress();
    session.accept(ctx.media.accept());
  });
  const run = await ctx.sipp('uac_info_dtmf.xml', { args: ['-s', 'alice', '-m', '1'] });
  await ctx.finish(run);
  await ctx.until('the session ended', () => events[0]?.includes('terminated') === true, 5000);
  ctx.expect('one call reached the UA', 1, sessions.length);
  ctx.expect('dtmf events with the tones', ['5', '#'], tones);
  ctx.expect('both INFOs answered 200', [200, 200], ctx.wire('alice').responses('sent', 'INFO').map((r) => r.status));
}
