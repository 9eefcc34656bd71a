import type { DriverContext } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

export default async function sessionTimerMinSe(ctx: DriverContext): Promise<void> {
  const { sessions } = await answeringUa(ctx, undefined, 'bob');
  const run = await ctx.sipp('uac_session_timer_small.xml', { args: ['-s', 'bob', '-m', '1'] });
  await ctx.finish(run);
  const wire = ctx.wire('bob');
  const answers = wire.responses('sent', 'INVITE').filter((r) => r.status !== 100);
  const [refusal] = answers;
  ctx.expect('the INVITE got one final answer: 422 Session Interval Too Small', ['422 Session Interval Too Small'], [...new Set(answers.map((r) => `${r.status} ${r.reason}`))], refusal);
  ctx.expect('it carries the UA’s Min-SE: 90 (RFC 4028 §8)', '90', refusal?.header('Min-SE'), refusal);
  ctx.expect('the application saw no call', 0, sessions.length);
}
