import type { DriverContext } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

export default async function callIn2xxRetransmitted(ctx: DriverContext): Promise<void> {
  const { sessions, events } = await answeringUa(ctx);
  const run = await ctx.sipp('uac_call_late_ack.xml', { args: ['-s', 'alice', '-d', '1700', '-m', '1'] });
  await ctx.finish(run);
  await ctx.until('the session ended', () => events[0]?.includes('terminated') === true, 5000);
  ctx.expect('one call reached the UA', 1, sessions.length);
  const wire = ctx.wire('alice');
  const oks = wire.responses('sent', 'INVITE').filter((r) => r.status === 200);
  ctx.check('the 200 went out again before the ACK (RFC 3261 §13.3.1.4)', oks.length >= 2 && oks.length <= 4, '2–4 copies (0, 0.5, 1.5 s)', String(oks.length), oks[0]);
  ctx.check('each copy is the same message', oks.every((ok) => ok.text === oks[0]!.text), 'identical retransmissions', oks.length > 0 ? 'a copy differs' : '(no 200)', oks.find((ok) => ok.text !== oks[0]!.text));
  ctx.check('the call was confirmed by the ACK', events[0]?.includes('terminated') === true && sessions[0]?.status !== undefined, 'confirmed, then ended by the BYE', JSON.stringify(events[0]));
}
