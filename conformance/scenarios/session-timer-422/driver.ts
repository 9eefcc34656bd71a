import type { DriverContext } from '../../runner/driver-api.js';
import { hangUp, registeredUa } from '../shared/steps.js';

export default async function sessionTimer422(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_session_timer_422.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  const outcome = await ctx.firstEvent(call, ['accepted', 'failed']);
  ctx.expect('the call is answered after the retry', 'accepted', outcome.event);
  if (outcome.event === 'accepted') {
    await hangUp(ctx, call);
  }
  await ctx.finish(peer);

  const wire = ctx.wire('alice');
  const invites = wire.requests('sent', 'INVITE');
  const callId = invites[0]?.callId;
  ctx.expect('every INVITE has the same Call-ID', [callId], [...new Set(invites.map((i) => i.callId))]);
  // The proxy may challenge each attempt (407, then the same request with credentials, one CSeq up).
  const asked = invites.map((i) => `${i.header('Session-Expires')}/${i.header('Min-SE')}`);
  const retry = asked.indexOf('3600/3600');
  ctx.check('the attempts ask 1800/90, then 3600/3600 only', retry > 0 && asked.slice(0, retry).every((a) => a === '1800/90') && asked.slice(retry).every((a) => a === '3600/3600'), '1800/90 … then 3600/3600 …', asked.join(', '), invites[retry]);
  ctx.check('the retry has a higher CSeq', retry > 0 && (invites[retry]?.cseq?.seq ?? 0) > (invites[retry - 1]?.cseq?.seq ?? 0), 'CSeq above the 422’s', invites.map((i) => i.header('CSeq')).join(', '), invites[retry]);
  const finals = wire.responses('received', 'INVITE').map((r) => r.status ?? 0).filter((s) => s >= 200 && s !== 407 && s !== 401);
  ctx.expect('the final answers: 422 then 200 (exactly one retry, RFC 4028 §7.4)', [422, 200], finals);
}
