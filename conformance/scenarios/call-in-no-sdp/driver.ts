import type { DriverContext } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

export default async function callInNoSdp(ctx: DriverContext): Promise<void> {
  const { sessions, events } = await answeringUa(ctx);
  const run = await ctx.sipp('uac_no_sdp.xml', { args: ['-s', 'alice', '-d', '500', '-m', '1'] });
  await ctx.finish(run);
  await ctx.until('the session ended', () => events[0]?.includes('terminated') === true, 5000);
  ctx.expect('one call reached the UA', 1, sessions.length);
  const wire = ctx.wire('alice');
  const [invite] = wire.requests('received', 'INVITE');
  ctx.expect('the INVITE had no body', '', invite?.body, invite);
  const ok = wire.responses('sent', 'INVITE').find((r) => r.status === 200);
  ctx.check('the 200 carries an offer', (ok?.body ?? '').startsWith('v=0'), 'an SDP offer', ok?.body.slice(0, 30) || '(empty)', ok);
  const [ack] = wire.requests('received', 'ACK');
  ctx.check('the ACK carried the answer', (ack?.body ?? '').startsWith('v=0'), 'an SDP answer in the ACK', ack?.body.slice(0, 30) || '(empty)', ack);
  ctx.expect('it ended by the caller’s BYE', ['bye', 'terminated'], (events[0] ?? []).filter((e) => e === 'bye' || e === 'terminated'));
}
