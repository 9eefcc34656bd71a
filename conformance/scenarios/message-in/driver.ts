import type { DriverContext, LegacyContext } from '../../runner/driver-api.js';
import { registeredUa } from '../shared/steps.js';

// What uac_message_utf8.xml sends: SIPp ends the body at the last line, without the line break.
const BODY = 'Ça marche: 日本語, Ελληνικά, 🎉 — from SIPp';

export default async function messageIn(ctx: DriverContext): Promise<void> {
  const ua = await registeredUa(ctx, 'alice');
  const message = ctx.event<[LegacyContext & { content_type?: string }]>(ua, 'message');
  const run = await ctx.sipp('uac_message_utf8.xml', { args: ['-s', 'alice', '-m', '1'] });
  const [context] = await message;
  await ctx.finish(run);
  ctx.expect('the body, exactly', BODY, (context.body ?? '').replace(/\r?\n$/, ''));
  ctx.check('its content type', /^text\/plain/i.test(context.content_type ?? context.request?.getHeader('Content-Type') ?? ''), 'text/plain;charset=UTF-8', String(context.content_type ?? context.request?.getHeader('Content-Type')));
  const [answer] = ctx.wire('alice').responses('sent', 'MESSAGE');
  ctx.expect('the UA answered 200', 200, answer?.status, answer);
}
