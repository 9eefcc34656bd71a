import type { DriverContext, LegacyEmitter } from '../../runner/driver-api.js';
import { registeredUa, sameUri, uriList } from '../shared/steps.js';

/** The legacy `ua.subscribe()` and its Subscription (not in the driver API's LegacyUA). */
interface Subscription extends LegacyEmitter {
  refresh(): unknown;
  unsubscribe(): unknown;
}
type Subscriber = { subscribe(target: string, event: string, options?: Record<string, unknown>): Subscription };


export default async function subscribeNotify(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const notifier = await carol.run('uas_notifier.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const subscription = (ua as unknown as Subscriber).subscribe(ctx.aor('carol'), 'message-summary', { expires: 60 });
  const notifies = ctx.record(subscription, 'notify');
  const wire = ctx.wire('alice');
  const answeredNotifies = (): number => wire.responses('sent', 'NOTIFY').length;
  await ctx.until('the first NOTIFY answered and the SUBSCRIBE accepted', () => answeredNotifies() === 1 && wire.responses('received', 'SUBSCRIBE').some((r) => r.status === 200));
  subscription.refresh();
  await ctx.until('the NOTIFY after the refresh', () => answeredNotifies() === 2);
  subscription.unsubscribe();
  await ctx.until('the final NOTIFY', () => answeredNotifies() === 3);
  await ctx.finish(notifier);

  const subscribes = wire.requests('sent', 'SUBSCRIBE');
  const callId = subscribes[0]?.callId;
  const [accepted, refresh, unsubscribe] = subscribes.filter((s) => s.callId === callId).slice(-3);
  const received = wire.requests('received', 'NOTIFY');
  const [first] = received;
  ctx.expect('the NOTIFYs: active, active, terminated', ['active', 'active', 'terminated'], received.map((n) => n.header('Subscription-State')?.split(';')[0]?.trim()));
  ctx.expect('each NOTIFY answered 200', [200, 200, 200], wire.responses('sent', 'NOTIFY').map((r) => r.status));
  ctx.expect('the application got a notify for each', 3, notifies.length);
  ctx.expect('the SUBSCRIBE asked Expires: 60, the refresh 60, the un-SUBSCRIBE 0', ['60', '60', '0'], [accepted, refresh, unsubscribe].map((s) => s?.header('Expires')));
  ctx.expect('CSeq one up each', [1, 2].map((n) => (accepted?.cseq?.seq ?? 0) + n), [refresh, unsubscribe].map((s) => s?.cseq?.seq));
  // RFC 6665 §4.1.2.4 with RFC 3261 §12.1.2: remote target from the NOTIFY's Contact, route set its Record-Route in order.
  const contact = sameUri(/<([^>]+)>/.exec(first?.header('Contact') ?? '')?.[1]);
  ctx.expect('the refresh and the un-SUBSCRIBE go to the NOTIFY’s Contact', [contact, contact], [sameUri(refresh?.requestUri), sameUri(unsubscribe?.requestUri)], refresh);
  ctx.expect('by the route set the NOTIFY made', [uriList(first, 'Record-Route'), uriList(first, 'Record-Route')], [uriList(refresh, 'Route'), uriList(unsubscribe, 'Route')], refresh);
  ctx.expect('in the dialog: To carries the notifier’s tag', [first?.header('From')?.match(/tag=([^;\s]+)/)?.[1], first?.header('From')?.match(/tag=([^;\s]+)/)?.[1]], [refresh?.header('To')?.match(/tag=([^;\s]+)/)?.[1], unsubscribe?.header('To')?.match(/tag=([^;\s]+)/)?.[1]], refresh);
}
