import type { DriverContext, LegacyMessage } from '../../runner/driver-api.js';

export default async function optionsOut(ctx: DriverContext): Promise<void> {
  const ua = ctx.ua('alice');
  const connected = ctx.event(ua, 'connected');
  ua.start();
  await connected;
  const context = ua.request('OPTIONS', `sip:${ctx.target.domain}`);
  const { event, args } = await ctx.firstEvent(context, ['accepted', 'failed']);
  ctx.expect('the context accepted with 200', 'accepted 200', `${event} ${(args[0] as LegacyMessage | undefined)?.status_code ?? '-'}`);
  const wire = ctx.wire('alice');
  const [options] = wire.requests('sent', 'OPTIONS');
  ctx.expect('the request went to the server', `sip:${ctx.target.domain}`, options?.requestUri, options);
  ctx.expect('the last response on the wire is 200', 200, wire.responses('received', 'OPTIONS').pop()?.status);
}
