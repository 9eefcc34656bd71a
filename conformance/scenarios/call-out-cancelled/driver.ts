import type { DriverContext } from '../../runner/driver-api.js';
import { callEvents, registeredUa } from '../shared/steps.js';

export default async function callOutCancelled(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_ring_cancel.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  const events = callEvents(call);
  await ctx.until('a 180', () => events.includes('progress 180'));
  const terminated = ctx.event(call, 'terminated');
  call.cancel();
  await terminated;
  await ctx.finish(peer);
  const canceled = ctx.SIP.C.causes.CANCELED;
  // Legacy order: cancel when cancel() is called, then rejected and failed on the 487, then terminated.
  ctx.expect('the call events', ['progress 180', 'cancel', `rejected 487 ${canceled}`, `failed 487 ${canceled}`, 'terminated'], events);
  const wire = ctx.wire('alice');
  const invites = wire.requests('sent', 'INVITE');
  const invite = invites[invites.length - 1];
  const [cancel] = wire.requests('sent', 'CANCEL');
  ctx.expect('CANCEL has the INVITE’s Request-URI (RFC 3261 §9.1)', invite?.requestUri, cancel?.requestUri, cancel);
  ctx.expect('… its CSeq number', invite?.cseq?.seq, cancel?.cseq?.seq, cancel);
  ctx.expect('… its top Via', invite?.headerValues('Via')[0], cancel?.headerValues('Via')[0], cancel);
  ctx.expect('the CANCEL was answered 200', [200], wire.responses('received', 'CANCEL').map((r) => r.status));
  ctx.check('the INVITE ended 487', wire.responses('received', 'INVITE').some((r) => r.status === 487), '487 Request Terminated', wire.responses('received', 'INVITE').map((r) => r.status).join(', '));
}
