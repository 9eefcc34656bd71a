import type { DriverContext, LegacySession } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

export default async function prackUas(ctx: DriverContext): Promise<void> {
  const { sessions } = await answeringUa(
    ctx,
    (session: LegacySession) => {
      session.progress({ ...ctx.media.progress(), statusCode: 183 });
      // RFC 3262 §3: the 2xx must wait for the PRACK of the SDP-bearing reliable 183.
      session.accept(ctx.media.accept());
    },
    'bob',
    { rel100: 'supported' },
  );
  // SIPp waits 1.2 s (-d) before its PRACKs: the 183 goes at 0, T1 (0.5 s) and 3·T1 (1.5 s) meanwhile.
  const run = await ctx.sipp('uac_prack.xml', { args: ['-s', 'bob', '-m', '1', '-d', '1200'] });
  await ctx.finish(run);
  ctx.expect('one call reached the UA', 1, sessions.length);
  const wire = ctx.wire('bob');
  const callId = wire.requests('received', 'INVITE')[0]?.callId;
  await ctx.until('the answer to the BYE', () => wire.responses('sent', 'BYE').some((r) => r.callId === callId), 3000).catch(() => undefined);
  const sent = wire.sent.filter((m) => m.callId === callId && m.status !== 100);
  const flow = sent.map((m) => (m.status === undefined ? m.method! : `${m.status} ${m.cseq?.method}`));
  const firstOther = flow.findIndex((label) => label !== '183 INVITE');
  ctx.check('the reliable 183 was retransmitted until the PRACK (at least twice sent, RFC 3262 §3)', firstOther >= 2, 'two or more 183s before any other answer', flow.join(', '));
  ctx.expect('then: 481 to the wrong RAck, 200 to the PRACK, only then 200 to the INVITE, 200 to the BYE', ['481 PRACK', '200 PRACK', '200 INVITE', '200 BYE'], flow.slice(firstOther));
  const reliable = sent.filter((m) => m.status === 183);
  ctx.expect('every copy of the 183 is the same message', 1, new Set(reliable.map((m) => m.text)).size, reliable[1]);
  const first = reliable[0];
  const rseq = Number(first?.header('RSeq'));
  ctx.check('the 183 requires 100rel and has an RSeq in 1..2^31-1 (RFC 3262 §3)', first?.header('Require') === '100rel' && Number.isInteger(rseq) && rseq >= 1 && rseq <= 2 ** 31 - 1, 'Require: 100rel, RSeq 1..2147483647', `Require: ${first?.header('Require') ?? '-'}, RSeq: ${first?.header('RSeq') ?? '-'}`, first);
  ctx.expect('the 183 carries the SDP answer', 'application/sdp', first?.header('Content-Type'), first);
  const ok = sent.find((m) => m.status === 200 && m.cseq?.method === 'INVITE');
  ctx.expect('the 200 repeats the 183’s answer (RFC 3262 §5)', first?.body, ok?.body, ok);
  const pracks = wire.requests('received', 'PRACK').filter((p) => p.callId === callId);
  ctx.expect('the PRACKs SIPp sent: wrong CSeq number, then right', [`${rseq} 99 INVITE`, `${rseq} 1 INVITE`], pracks.map((p) => p.header('RAck')));
}
