import type { DriverContext } from '../../runner/driver-api.js';

export default async function registerDigest(ctx: DriverContext): Promise<void> {
  const ua = ctx.ua('alice', { config: { register: true } });
  const registered = ctx.event(ua, 'registered');
  ua.start();
  await registered;
  const wire = ctx.wire('alice');
  const [first, second] = wire.requests('sent', 'REGISTER');
  const statuses = wire.responses('received', 'REGISTER').map((response) => response.status);
  ctx.expect('the REGISTERs were answered 401, then 200', [401, 200], statuses.slice(0, 2));
  ctx.check('the first REGISTER has no credentials', first !== undefined && first.header('Authorization') === undefined, 'no Authorization', first?.header('Authorization') ?? '(none sent)', first);
  const authorization = second?.header('Authorization') ?? '';
  ctx.check('the second REGISTER answers the challenge (RFC 3261 §22.2)', /^Digest\s/i.test(authorization) && /response="[0-9a-f]+"/i.test(authorization), 'Authorization: Digest … response="…"', authorization || '(none)', second);
  ctx.expect('the retry keeps the Call-ID (RFC 3261 §10.2)', first?.callId, second?.callId, second);
  ctx.expect('the retry increments the CSeq', (first?.cseq?.seq ?? 0) + 1, second?.cseq?.seq, second);
  ctx.expect('isRegistered()', true, ua.isRegistered());
}
