import type { DriverContext } from '../../runner/driver-api.js';
import { hangUp, registeredUa } from '../shared/steps.js';

export default async function updateIn(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_update_in.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  const holds = ctx.record<[{ originator?: string } | undefined]>(call, 'hold');
  await ctx.event(call, 'accepted');
  const wire = ctx.wire('alice');
  // A UA without UPDATE may leave it unanswered: the checks below say so.
  await ctx.until('carol’s UPDATE answered', () => wire.responses('sent', 'UPDATE').length > 0, 5000).catch(() => undefined);
  await hangUp(ctx, call);
  await ctx.finish(peer);

  const [update] = wire.requests('received', 'UPDATE');
  const answers = wire.responses('sent', 'UPDATE');
  ctx.expect('carol’s UPDATE was answered once, 200', [200], answers.map((r) => r.status), update);
  const answer = answers[0];
  ctx.expect('the 200 carries an SDP answer', 'application/sdp', answer?.header('Content-Type'), answer);
  ctx.expect('the answer to a sendonly offer is recvonly (RFC 3264 §6.1)', 'recvonly', /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(answer?.body ?? '')?.[1], answer);
  ctx.check('the 200 has a Contact (RFC 3311 §5.2)', (answer?.header('Contact') ?? '') !== '', 'a Contact', answer?.header('Contact') ?? '(none)', answer);
  ctx.expect('the UA reported that the peer holds', 1, holds.length);
}
