import type { DriverContext } from '../../runner/driver-api.js';

export default async function registerWrongPassword(ctx: DriverContext): Promise<void> {
  const ua = ctx.ua('alice', { config: { register: true, password: 'not-the-password' } });
  const failed = ctx.event<[unknown, string]>(ua, 'registrationFailed');
  ua.start();
  const [, cause] = await failed;
  ctx.check('registrationFailed names an authentication failure', cause === ctx.SIP.C.causes.AUTHENTICATION_ERROR || cause === ctx.SIP.C.causes.REJECTED, `${ctx.SIP.C.causes.AUTHENTICATION_ERROR} (or ${ctx.SIP.C.causes.REJECTED})`, String(cause));
  await ctx.sleep(3000);
  const wire = ctx.wire('alice');
  const registers = wire.requests('sent', 'REGISTER');
  ctx.expect('exactly two REGISTERs: the first and one retry with credentials', 2, registers.length, registers[2]);
  ctx.expect('both were answered 401', [401, 401], wire.responses('received', 'REGISTER').map((r) => r.status));
  ctx.expect('isRegistered()', false, ua.isRegistered());
}
