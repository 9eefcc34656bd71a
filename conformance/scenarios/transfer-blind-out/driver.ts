import type { DriverContext, LegacyEmitter } from '../../runner/driver-api.js';
import { registeredUa } from '../shared/steps.js';

interface TransferEmitter extends LegacyEmitter {
  refer(target: string): unknown;
  bye(): unknown;
}

export default async function transferBlindOut(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_refer_notify.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite()) as unknown as TransferEmitter;
  const events: string[] = [];
  const on = (event: string, listener: (...args: never[]) => void): unknown => call.on(event, listener);
  on('referRequestAccepted', ((response: { status_code?: number }) => events.push(`referRequestAccepted ${response.status_code}`)) as (...args: never[]) => void);
  on('notify', ((_request: unknown, status?: { status: number }) => events.push(`notify ${status?.status ?? '-'}`)) as (...args: never[]) => void);
  on('referAccepted', ((status: { status: number }) => {
    events.push(`referAccepted ${status.status}`);
    // RFC 5589 §6: the transfer succeeded; the transferor leaves the call.
    call.bye();
  }) as (...args: never[]) => void);
  await ctx.event(call, 'accepted');
  const terminated = ctx.event(call, 'terminated', 15_000);
  call.refer(ctx.aor('bob'));
  await terminated;
  await ctx.finish(peer);
  ctx.expect('the transfer events', ['referRequestAccepted 202', 'notify 100', 'notify 200', 'referAccepted 200'], events);
  const wire = ctx.wire('alice');
  const [refer] = wire.requests('sent', 'REFER');
  ctx.expect('Refer-To names the target (RFC 3515 §2.1)', `<${ctx.aor('bob')}>`, refer?.header('Refer-To'), refer);
  ctx.check('Referred-By names the transferor (RFC 3892 §3)', (refer?.header('Referred-By') ?? '').includes(ctx.aor('alice')), `<${ctx.aor('alice')}>`, refer?.header('Referred-By') ?? '(none)', refer);
  ctx.check('the REFER carries a Contact (RFC 3515 §2.4.1)', (refer?.header('Contact') ?? '') !== '', 'Contact: <…>', refer?.header('Contact') ?? '(none)', refer);
  ctx.expect('each NOTIFY answered 200', [200, 200], wire.responses('sent', 'NOTIFY').map((r) => r.status), wire.responses('sent', 'NOTIFY')[0]);
  const invite = wire.requests('sent', 'INVITE').pop();
  const [bye] = wire.requests('sent', 'BYE');
  ctx.check('the BYE comes after the REFER in the dialog (CSeq)', (bye?.cseq?.seq ?? 0) > (refer?.cseq?.seq ?? Infinity) && (refer?.cseq?.seq ?? 0) > (invite?.cseq?.seq ?? Infinity), 'INVITE < REFER < BYE', `${invite?.cseq?.seq} ${refer?.cseq?.seq} ${bye?.cseq?.seq}`, bye);
}
