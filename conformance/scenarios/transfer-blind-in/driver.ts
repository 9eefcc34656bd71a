import type { DriverContext, LegacySession } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

/** A legacy session as far as a transfer goes: `followRefer(callback)` makes a ready-made `refer` listener. */
interface Referable {
  followRefer(callback: (request: unknown, newSession: LegacySession) => void): (...args: never[]) => void;
}

export default async function transferBlindIn(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const target = await carol.run('uas_transfer_target.xml', { args: ['-m', '1'] });
  const followed: LegacySession[] = [];
  const { sessions } = await answeringUa(ctx, (session: LegacySession) => {
    session.on('refer', (session as unknown as Referable).followRefer((_request, next) => followed.push(next)));
    session.progress();
    session.accept(ctx.media.accept());
  });
  const referrer = await ctx.sipp('uac_refer.xml', { args: ['-s', 'alice', '-m', '1'] });
  await ctx.finish(referrer);
  ctx.expect('one call reached the UA, and it followed one REFER', [1, 1], [sessions.length, followed.length]);
  const next = followed[0];
  if (next !== undefined) {
    await ctx.until('the call to carol is confirmed', () => next.status === 12, 5000).catch(() => undefined);
    const ended = ctx.event(next, 'terminated');
    next.bye();
    await ended;
  }
  await ctx.finish(target);
  const wire = ctx.wire('alice');
  ctx.expect('the REFER answered 202 (RFC 3515 §2.4.2)', [202], wire.responses('sent', 'REFER').map((r) => r.status), wire.responses('sent', 'REFER')[0]);
  const [refer] = wire.requests('received', 'REFER');
  const notifies = wire.requests('sent', 'NOTIFY').filter((n) => n.callId === refer?.callId);
  ctx.expect('the NOTIFY bodies: the status lines of the call to carol (RFC 3515 §2.4.5)', ['SIP/2.0 100 Trying', 'SIP/2.0 180 Ringing', 'SIP/2.0 200 OK'], notifies.map((n) => n.body.trim()), notifies[0]);
  ctx.expect('each NOTIFY says Event: refer;id=<the REFER\'s CSeq> (RFC 3515 §2.4.6)', notifies.map(() => `refer;id=${refer?.cseq?.seq}`), notifies.map((n) => n.header('Event')), notifies[0]);
  ctx.expect(
    'Subscription-State: active until the final NOTIFY, terminated;reason=noresource on it',
    ['active', 'active', 'terminated;reason=noresource'],
    notifies.map((n) => (n.header('Subscription-State') ?? '').replace(/;expires=\d+$/, '')),
    notifies.at(-1),
  );
  ctx.check('message/sipfrag bodies', notifies.every((n) => /^message\/sipfrag/i.test(n.header('Content-Type') ?? '')), 'Content-Type: message/sipfrag', notifies.map((n) => n.header('Content-Type')).join(', '), notifies[0]);
  const invite = wire.requests('sent', 'INVITE').pop();
  ctx.expect('the INVITE to carol copies the REFER\'s Referred-By (RFC 3892 §3)', refer?.header('Referred-By'), invite?.header('Referred-By'), invite);
}
