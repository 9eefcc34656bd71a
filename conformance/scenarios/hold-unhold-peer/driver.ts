import type { DriverContext, LegacySession } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

const direction = (sdp: string): string => /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(sdp)?.[1] ?? 'sendrecv';

export default async function holdUnholdPeer(ctx: DriverContext): Promise<void> {
  const holds: unknown[][] = [];
  const unholds: unknown[][] = [];
  const { sessions, events } = await answeringUa(ctx, (session: LegacySession) => {
    session.on('hold', ((...args: unknown[]) => holds.push(args)) as (...args: never[]) => void);
    session.on('unhold', ((...args: unknown[]) => unholds.push(args)) as (...args: never[]) => void);
    session.progress();
    session.accept(ctx.media.accept());
  });
  const run = await ctx.sipp('uac_hold_unhold.xml', { args: ['-s', 'alice', '-m', '1'] });
  await ctx.finish(run);
  await ctx.until('the session ended', () => events[0]?.includes('terminated') === true, 5000);
  ctx.expect('one call reached the UA', 1, sessions.length);
  const wire = ctx.wire('alice');
  const answers = wire.responses('sent', 'INVITE').filter((r) => r.status === 200);
  const distinct = answers.filter((r, i) => answers.findIndex((o) => o.cseq?.seq === r.cseq?.seq) === i);
  ctx.expect('the answers: sendrecv, then recvonly to the hold, then sendrecv', ['sendrecv', 'recvonly', 'sendrecv'], distinct.map((r) => direction(r.body)), distinct[1]);
  ctx.expect('hold and unhold events, each once', [1, 1], [holds.length, unholds.length]);
}
