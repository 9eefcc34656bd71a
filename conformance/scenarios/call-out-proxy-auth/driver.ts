import type { DriverContext } from '../../runner/driver-api.js';
import { hangUp, registeredUa } from '../shared/steps.js';

export default async function callOutProxyAuth(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  await ctx.event(call, 'accepted');
  await hangUp(ctx, call);
  await ctx.finish(peer);
  const wire = ctx.wire('alice');
  const [first, second] = wire.requests('sent', 'INVITE');
  const challenge = wire.responses('received', 'INVITE').find((r) => r.status === 407 || r.status === 401);
  ctx.check('the first INVITE was challenged', challenge !== undefined, '407 or 401', wire.responses('received', 'INVITE').map((r) => r.status).join(', '), challenge);
  const header = challenge?.status === 401 ? 'Authorization' : 'Proxy-Authorization';
  const ack = wire.requests('sent', 'ACK').find((m) => m.cseq?.seq === first?.cseq?.seq);
  ctx.check('the challenge was ACKed in its transaction (same branch, RFC 3261 §17.1.1.3)', ack !== undefined && ack.headerValues('Via')[0] === first?.headerValues('Via')[0], `ACK with Via ${first?.headerValues('Via')[0] ?? ''}`, ack?.headerValues('Via')[0] ?? '(no ACK)', ack);
  ctx.check(`the second INVITE carries ${header}`, /^Digest\s/i.test(second?.header(header) ?? ''), `${header}: Digest …`, second?.header(header) ?? '(none)', second);
  ctx.expect('same Call-ID', first?.callId, second?.callId, second);
  ctx.expect('CSeq + 1 (RFC 3261 §8.1.3.5)', (first?.cseq?.seq ?? 0) + 1, second?.cseq?.seq, second);
  ctx.expect('the call was answered', true, wire.responses('received', 'INVITE').some((r) => r.status === 200));
}
