import type { DriverContext } from '../../runner/driver-api.js';
import { nextInvite, registeredUa } from '../shared/steps.js';

export default async function dtmfRfc4733(ctx: DriverContext): Promise<void> {
  const alice = await registeredUa(ctx, 'alice', { dtmfType: 'rtp' });
  const bob = await registeredUa(ctx, 'bob');
  const incoming = nextInvite(ctx, bob);
  const call = alice.invite(ctx.aor('bob'), ctx.media.invite());
  const answered = await incoming;
  const tones: string[] = [];
  answered.on('dtmf', ((_request: unknown, dtmf: { tone?: string }) => tones.push(String(dtmf?.tone))) as (...args: never[]) => void);
  answered.accept(ctx.media.accept());
  await ctx.event(call, 'accepted');
  await ctx.sleep(300);
  call.dtmf!('1#', { duration: 120, interToneGap: 150 });
  await ctx.until('two tones at bob', () => tones.length >= 2, 6000).catch(() => undefined);
  ctx.expect('bob’s session emitted the tones', ['1', '#'], tones);
  ctx.expect('no INFO was sent', 0, ctx.wire('alice').requests('sent', 'INFO').length);
  const invite = ctx.wire('alice').requests('sent', 'INVITE').pop();
  ctx.check('the offer had telephone-event', /telephone-event\/8000/.test(invite?.body ?? ''), 'a=rtpmap:101 telephone-event/8000', invite?.body.split('\r\n').filter((l) => l.startsWith('a=rtpmap')).join(' ') ?? '(none)', invite);
  const terminated = ctx.event(answered, 'terminated');
  call.bye();
  await terminated;
}
