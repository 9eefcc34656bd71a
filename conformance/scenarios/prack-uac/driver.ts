import type { DriverContext } from '../../runner/driver-api.js';
import { hangUp, registeredUa, sameUri, uriList } from '../shared/steps.js';


export default async function prackUac(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_prack.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice', { rel100: 'supported' });
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  // RFC 3262 §4: one progress per reliable 1xx, none for a copy (same RSeq).
  const progress: string[] = [];
  call.on('progress', ((response?: { status_code?: number; getHeader?(name: string): string | undefined }) => {
    if ((response?.status_code ?? 0) > 100) progress.push(`${response!.status_code} RSeq ${response!.getHeader?.('RSeq') ?? '-'}`);
  }) as (...args: never[]) => void);
  // A UA that PRACKs a copy or across the gap fails SIPp's script: the wire checks below still say how.
  const outcome = await ctx.firstEvent(call, ['accepted', 'failed'], 15_000);
  ctx.expect('the call is answered', 'accepted', outcome.event);
  if (outcome.event === 'accepted') {
    await hangUp(ctx, call);
  }
  await ctx.finish(peer);

  const wire = ctx.wire('alice');
  const invite = wire.requests('sent', 'INVITE').at(-1);
  const callId = invite?.callId;
  const seq = invite?.cseq?.seq ?? 0;
  ctx.check('the INVITE says Supported: 100rel', /\b100rel\b/.test(invite?.header('Supported') ?? ''), 'Supported: … 100rel', invite?.header('Supported') ?? '(none)', invite);
  const pracks = wire.requests('sent', 'PRACK').filter((p) => p.callId === callId);
  ctx.expect(
    'one PRACK per distinct RSeq, in order, with the exact RAck (RFC 3262 §7.2)',
    [`${seq + 1} PRACK / 1 ${seq} INVITE`, `${seq + 2} PRACK / 2 ${seq} INVITE`, `${seq + 3} PRACK / 3 ${seq} INVITE`],
    pracks.map((p) => `${p.header('CSeq')} / ${p.header('RAck')}`),
    pracks[0],
  );
  const reliable = wire.responses('received', 'INVITE').filter((r) => r.callId === callId && (r.status === 183 || r.status === 180));
  ctx.expect('the UA received the 183 twice and the RSeq-3 180 twice', ['183 1', '183 1', '180 3', '180 2', '180 3'], reliable.map((r) => `${r.status} ${r.header('RSeq')}`));
  ctx.expect('progress once per distinct RSeq, in RSeq order', ['183 RSeq 1', '180 RSeq 2', '180 RSeq 3'], progress);
  const first183 = reliable[0];
  const contact = sameUri(/<([^>]+)>/.exec(first183?.header('Contact') ?? '')?.[1]);
  const routeSet = uriList(first183, 'Record-Route').reverse();
  ctx.expect('each PRACK goes to the 183’s Contact (RFC 3261 §12.1.2)', pracks.map(() => contact), pracks.map((p) => sameUri(p.requestUri)), pracks[0]);
  ctx.expect('each PRACK carries the early route set (the 183’s Record-Route reversed)', pracks.map(() => routeSet), pracks.map((p) => uriList(p, 'Route')), pracks[0]);
  const byes = wire.requests('sent', 'BYE').filter((b) => b.callId === callId);
  ctx.expect('the BYE follows with CSeq one above the last PRACK', [`${seq + 4} BYE`], byes.map((b) => b.header('CSeq')));
}
