import type { DriverContext } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

export default async function callInAnsweredPeerBye(ctx: DriverContext): Promise<void> {
  const { sessions, events } = await answeringUa(ctx);
  const run = await ctx.sipp('uac_call.xml', { args: ['-s', 'alice', '-d', '500', '-m', '1'] });
  await ctx.finish(run);
  await ctx.until('the session ended', () => events[0]?.includes('terminated') === true, 5000);
  ctx.expect('one call reached the UA', 1, sessions.length);
  ctx.expect('it ended by the caller’s BYE', ['bye', 'terminated'], (events[0] ?? []).filter((e) => e === 'bye' || e === 'terminated'));
  const wire = ctx.wire('alice');
  const [invite] = wire.requests('received', 'INVITE');
  const answers = wire.responses('sent', 'INVITE').filter((r) => r.status === 180 || r.status === 200);
  for (const answer of answers) {
    ctx.expect(`the ${answer.status} copies the INVITE’s Record-Route (RFC 3261 §12.1.1)`, invite?.headerLines('Record-Route'), answer.headerLines('Record-Route'), answer);
  }
  const ok = answers.find((r) => r.status === 200);
  ctx.check('the 200 carries an SDP answer', (ok?.body ?? '').startsWith('v=0') && /application\/sdp/i.test(ok?.header('Content-Type') ?? ''), 'Content-Type: application/sdp, v=0…', ok?.header('Content-Type') ?? '(no 200)', ok);
  ctx.expect('the BYE was answered 200', [200], wire.responses('sent', 'BYE').map((r) => r.status));
}
