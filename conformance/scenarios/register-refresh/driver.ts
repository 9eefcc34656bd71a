import type { DriverContext } from '../../runner/driver-api.js';
import { registeredUa } from '../shared/steps.js';

export default async function registerRefresh(ctx: DriverContext): Promise<void> {
  const ua = await registeredUa(ctx, 'alice', { registerExpires: 10 });
  const wire = ctx.wire('alice');
  const firstOk = wire.responses('received', 'REGISTER').find((response) => response.status === 200)!;
  const grantedAt = Date.now();
  const contact = firstOk.headerValues('Contact').find((value) => /expires=\d+/.test(value)) ?? '';
  const granted = Number(/expires=(\d+)/.exec(contact)?.[1] ?? firstOk.header('Expires') ?? NaN);
  ctx.expect('the registrar granted 10 s', 10, granted, firstOk);
  const registrations = wire.requests('sent', 'REGISTER').length;
  const oks = (): number => wire.responses('received', 'REGISTER').filter((response) => response.status === 200).length;
  const okBefore = oks();
  await ctx.until('a refreshing REGISTER', () => wire.requests('sent', 'REGISTER').length > registrations, 12_000);
  const refreshedAfter = (Date.now() - grantedAt) / 1000;
  ctx.check('the refresh went out before the binding expired', refreshedAfter < granted, `within ${granted} s`, `after ${refreshedAfter.toFixed(1)} s`);
  await ctx.until('the 200 to the refresh', () => oks() > okBefore, 5000);
  const requests = wire.requests('sent', 'REGISTER');
  const refresh = requests[requests.length - 1]!;
  ctx.expect('the refresh keeps the Call-ID (RFC 3261 §10.2.4)', requests[0]!.callId, refresh.callId, refresh);
  ctx.check('the refresh has a higher CSeq', (refresh.cseq?.seq ?? 0) > (requests[registrations - 1]!.cseq?.seq ?? 0), `above ${requests[registrations - 1]!.cseq?.seq}`, String(refresh.cseq?.seq), refresh);
  ctx.expect('isRegistered() after the refresh', true, ua.isRegistered());
}
