import type { DriverContext } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

export default async function prackUasUnsupported(ctx: DriverContext): Promise<void> {
  const { sessions } = await answeringUa(ctx, undefined, 'bob', { rel100: 'none' });
  const run = await ctx.sipp('uac_prack_unsupported.xml', { args: ['-s', 'bob', '-m', '1'] });
  await ctx.finish(run);
  const wire = ctx.wire('bob');
  const answers = wire.responses('sent', 'INVITE').filter((r) => r.status !== 100);
  ctx.expect('the INVITE got one final answer: 420', [420], [...new Set(answers.map((r) => r.status))], answers[0]);
  ctx.expect('it lists Unsupported: 100rel (RFC 3261 §8.2.2.3)', '100rel', answers[0]?.header('Unsupported'), answers[0]);
  ctx.expect('the application saw no call', 0, sessions.length);
}
