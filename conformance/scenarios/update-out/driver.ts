import type { DriverContext, LegacySession } from '../../runner/driver-api.js';
import { hangUp, registeredUa, sameUri, uriList } from '../shared/steps.js';

/** sipforge's session.update() (RFC 3311), which the legacy API lacks. */
type Updatable = LegacySession & { update(options?: { offer?: boolean }): Promise<{ status_code: number }> };


export default async function updateOut(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_update_out.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite()) as Updatable;
  const [ok] = await ctx.event<[{ status_code: number }]>(call, 'accepted');
  ctx.expect('the call was answered', 200, ok.status_code);
  const withOffer = await call.update();
  ctx.expect('the UPDATE with an offer resolved with its 200', 200, withOffer.status_code);
  const withoutOffer = await call.update({ offer: false });
  ctx.expect('the UPDATE without an offer resolved with its 200', 200, withoutOffer.status_code);
  // carol holds this one and sends her own offer: glare.
  const crossed = await call.update();
  ctx.expect('the UPDATE whose offer crossed carol’s resolved with its 200', 200, crossed.status_code);
  await hangUp(ctx, call);
  await ctx.finish(peer);

  const wire = ctx.wire('alice');
  const invite = wire.requests('sent', 'INVITE').at(-1);
  const callId = invite?.callId;
  const seq = invite?.cseq?.seq ?? 0;
  ctx.check('the INVITE’s Allow lists UPDATE (RFC 3311 §5.1)', /\bUPDATE\b/.test(invite?.header('Allow') ?? ''), 'Allow: … UPDATE', invite?.header('Allow') ?? '(none)', invite);
  const updates = wire.requests('sent', 'UPDATE').filter((u) => u.callId === callId);
  ctx.expect('three UPDATEs, CSeq one up each after the INVITE', [`${seq + 1} UPDATE`, `${seq + 2} UPDATE`, `${seq + 3} UPDATE`], updates.map((u) => u.header('CSeq')));
  ctx.expect('the first and third carry an SDP offer, the second no body', [true, false, true], updates.map((u) => u.body.startsWith('v=0')), updates[1]);
  const answered = wire.responses('received', 'INVITE').find((r) => r.status === 200 && r.callId === callId);
  const contact = sameUri(/<([^>]+)>/.exec(answered?.header('Contact') ?? '')?.[1]);
  const routeSet = uriList(answered, 'Record-Route').reverse();
  ctx.expect('each UPDATE goes to carol’s Contact (RFC 3261 §12.2.1.1)', updates.map(() => contact), updates.map((u) => sameUri(u.requestUri)), updates[0]);
  ctx.expect('each UPDATE carries the route set', updates.map(() => routeSet), updates.map((u) => uriList(u, 'Route')), updates[0]);
  const theirs = wire.requests('received', 'UPDATE').filter((u) => u.callId === callId);
  const answers = wire.responses('sent', 'UPDATE').filter((r) => r.callId === callId);
  ctx.expect('carol’s crossing UPDATE was answered 491 (RFC 3311 §5.2)', [491], answers.map((r) => r.status), theirs[0]);
  const received = wire.responses('received', 'UPDATE').filter((r) => r.callId === callId);
  ctx.expect('carol answered the UPDATEs 200, 200, 200', [200, 200, 200], received.map((r) => r.status));
}
