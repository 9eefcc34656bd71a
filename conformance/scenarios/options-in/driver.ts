import type { DriverContext } from '../../runner/driver-api.js';
import { registeredUa } from '../shared/steps.js';

export default async function optionsIn(ctx: DriverContext): Promise<void> {
  await registeredUa(ctx, 'alice');
  const run = await ctx.sipp('uac_options.xml', { args: ['-s', 'alice', '-m', '1'] });
  await ctx.finish(run);
  const wire = ctx.wire('alice');
  const [answer] = wire.responses('sent', 'OPTIONS');
  ctx.expect('the UA answered 200', 200, answer?.status, answer);
  const allow = (answer?.headerValues('Allow') ?? []).map((method) => method.toUpperCase());
  const missing = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS'].filter((method) => !allow.includes(method));
  ctx.expect('Allow lists the methods a UA must support (RFC 3261 §11.2)', [], missing, answer);
  ctx.check('the 200 has an Accept header', answer?.header('Accept') !== undefined, 'Accept: …', answer?.header('Accept') ?? '(none)', answer);
}
