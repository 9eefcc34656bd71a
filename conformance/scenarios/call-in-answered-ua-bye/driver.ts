import type { DriverContext, LegacySession } from '../../runner/driver-api.js';
import { answeringUa } from '../shared/steps.js';

export default async function callInAnsweredUaBye(ctx: DriverContext): Promise<void> {
  const { sessions, events } = await answeringUa(ctx, (session: LegacySession) => {
    session.on('confirmed', (() => setTimeout(() => session.bye(), 300)) as (...args: never[]) => void);
    session.progress();
    session.accept(ctx.media.accept());
  });
  const run = await ctx.sipp('uac_call_callee_bye.xml', { args: ['-s', 'alice', '-m', '1'] });
  await ctx.finish(run);
  await ctx.until('the session ended', () => events[0]?.includes('terminated') === true, 5000);
  ctx.expect('one call reached the UA', 1, sessions.length);
  const wire = ctx.wire('alice');
  // terminated comes as the BYE leaves; its answer may still be on its way.
  await ctx.until('the answer to the BYE', () => wire.responses('received', 'BYE').length > 0, 3000).catch(() => undefined);
  const [invite] = wire.requests('received', 'INVITE');
  const [bye] = wire.requests('sent', 'BYE');
  const contact = /<([^>]+)>/.exec(invite?.header('Contact') ?? '')?.[1];
  // RFC 3261 §19.1.4: the transport parameter compares case-insensitively.
  const sameUri = (uri: string | undefined): string | undefined => uri?.replace(/;transport=(\w+)/i, (_, t: string) => `;transport=${t.toLowerCase()}`);
  ctx.expect('the BYE goes to the caller’s Contact (RFC 3261 §12.1.1)', sameUri(contact), sameUri(bye?.requestUri), bye);
  const recordRoute = (invite?.headerValues('Record-Route') ?? []).map((value) => /<([^>]+)>/.exec(value)?.[1]);
  const route = (bye?.headerValues('Route') ?? []).map((value) => /<([^>]+)>/.exec(value)?.[1]);
  ctx.expect('its Route is the INVITE’s Record-Route, in order (callee side)', recordRoute, route, bye);
  ctx.expect('the BYE was answered 200', [200], wire.responses('received', 'BYE').map((r) => r.status));
}
