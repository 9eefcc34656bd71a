import type { DriverContext, LegacySession } from '../../runner/driver-api.js';
import { callEvents, registeredUa } from '../shared/steps.js';

export default async function transferReplacesVerdicts(ctx: DriverContext): Promise<void> {
  const ua = await registeredUa(ctx, 'alice', { replaces: 'supported' });
  const sessions: LegacySession[] = [];
  const events: string[][] = [];
  ua.on('invite', ((session: LegacySession) => {
    sessions.push(session);
    events.push(callEvents(session));
    session.progress();
    session.accept(ctx.media.accept());
  }) as (...args: never[]) => void);
  const run = await ctx.sipp('uac_replaces_verdicts.xml', { args: ['-s', 'alice', '-m', '1'] });
  await ctx.finish(run);
  ctx.expect('only the call reached the application', 1, sessions.length);
  ctx.expect('the call ended by the caller’s BYE alone', ['bye', 'terminated'], (events[0] ?? []).filter((e) => e === 'bye' || e === 'terminated'));
  const wire = ctx.wire('alice');
  const finals = wire.responses('sent', 'INVITE').filter((r) => (r.status ?? 0) >= 200);
  const distinct = finals.filter((r, i) => finals.findIndex((o) => o.header('From') === r.header('From')) === i);
  ctx.expect(
    'the final answers: 200 to the call, 486 (early-only, confirmed), 481 (no dialog), 603 (ended)',
    [200, 486, 481, 603],
    distinct.map((r) => r.status),
    distinct[1],
  );
}
