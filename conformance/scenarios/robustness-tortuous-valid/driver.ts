import type { DriverContext, LegacyContext } from '../../runner/driver-api.js';
import { registeredUa } from '../shared/steps.js';

export default async function robustnessTortuousValid(ctx: DriverContext): Promise<void> {
  const ua = await registeredUa(ctx, 'alice');
  const messages: LegacyContext[] = [];
  ua.on('message', ((context: LegacyContext) => messages.push(context)) as (...args: never[]) => void);
  const run = await ctx.sipp('uac_tortuous.xml', { args: ['-s', 'alice', '-m', '1'] });
  await ctx.finish(run);
  const wire = ctx.wire('alice');
  ctx.expect('the tortuous OPTIONS was answered 200', [200], wire.responses('sent', 'OPTIONS').map((r) => r.status), wire.requests('received', 'OPTIONS')[0]);
  ctx.expect('the compact-form MESSAGE was answered 200', [200], wire.responses('sent', 'MESSAGE').map((r) => r.status), wire.requests('received', 'MESSAGE')[0]);
  ctx.expect('its body reached the application exactly', ['tortuous but valid ✓'], messages.map((m) => (m.body ?? '').replace(/\r?\n$/, '')));
  // The UA carries on: it registers again and still answers OPTIONS.
  const registered = ctx.event(ua, 'registered');
  ua.register();
  await registered;
  ctx.expect('still registered', true, ua.isRegistered());
  const again = await ctx.sipp('uac_tortuous.xml', { name: 'sipp again', args: ['-s', 'alice', '-m', '1'] });
  const outcome = await ctx.finish(again);
  ctx.expect('and answers the same requests again', 0, outcome.code);
}
