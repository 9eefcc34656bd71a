import type { DriverContext } from '../../runner/driver-api.js';
import { hangUp, registeredUa } from '../shared/steps.js';

export default async function sessionTimerRefresh(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_session_timer.xml', { args: ['-m', '1'], timeoutMs: 65_000 });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  await ctx.event(call, 'accepted');
  const answeredAt = Date.now();
  const wire = ctx.wire('alice');
  // RFC 4028 §10: the refresher refreshes at half the interval, here 45 s.
  await ctx.until('the refresh UPDATE and its 200', () => wire.responses('received', 'UPDATE').length > 0, 55_000);
  const refreshedAt = wire.requests('sent', 'UPDATE').length > 0 ? Date.now() : Number.NaN;
  await hangUp(ctx, call);
  await ctx.finish(peer);

  const invite = wire.requests('sent', 'INVITE').at(-1);
  ctx.check('the INVITE offers timer: Supported: timer, Session-Expires: 1800, Min-SE: 90', /\btimer\b/.test(invite?.header('Supported') ?? '') && invite?.header('Session-Expires') === '1800' && invite.header('Min-SE') === '90', 'Supported: timer, 1800, 90', `${invite?.header('Supported') ?? '-'}, ${invite?.header('Session-Expires') ?? '-'}, ${invite?.header('Min-SE') ?? '-'}`, invite);
  const updates = wire.requests('sent', 'UPDATE');
  const [update] = updates;
  // The UPDATE was seen within 20 ms of being sent (the poll interval); its 200 comes back in a few ms.
  const waited = Math.round((refreshedAt - answeredAt) / 100) / 10;
  ctx.check('the refresh went 45 ± 5 s after the 200', waited >= 40 && waited <= 50, '40–50 s', `${waited} s`, update);
  ctx.expect('one refresh UPDATE, without a body', [0], updates.map((u) => u.body.length), update);
  ctx.expect('it carries Session-Expires: 90;refresher=uac (RFC 4028 §7.4)', '90;refresher=uac', update?.header('Session-Expires')?.replace(/\s/g, ''), update);
  ctx.check('and Supported: timer', /\btimer\b/.test(update?.header('Supported') ?? ''), 'timer', update?.header('Supported') ?? '(none)', update);
  ctx.expect('carol answered it 200', [200], wire.responses('received', 'UPDATE').map((r) => r.status));
}
