import type { DriverContext, LegacyMessage } from '../../runner/driver-api.js';
import { registeredUa, sippReceived } from '../shared/steps.js';

const BODY = 'Grüße aus sipforge: ünïcödé, 漢字, emoji 🎉 and a line\r\nbreak.';

export default async function messageOut(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas_message.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice');
  const context = ua.message(ctx.aor('carol'), BODY, { contentType: 'text/plain; charset=utf-8' });
  const [response] = await ctx.event<[LegacyMessage]>(context, 'accepted');
  ctx.expect('the context accepted with 200', 200, response.status_code);
  const outcome = await ctx.finish(peer);
  const [received] = sippReceived(outcome.messages, peer.name).filter((message) => message.method === 'MESSAGE');
  ctx.expect('carol received the body exactly', BODY, received?.body, received);
  ctx.expect('Content-Length counts octets (RFC 3261 §20.14)', String(Buffer.byteLength(BODY, 'utf8')), received?.header('Content-Length'), received);
  ctx.check('Content-Type is text/plain with charset utf-8', /^text\/plain\s*;\s*charset="?utf-8"?$/i.test(received?.header('Content-Type') ?? ''), 'text/plain; charset=utf-8', received?.header('Content-Type') ?? '(none)', received);
  const statuses = ctx.wire('alice').responses('received', 'MESSAGE').map((r) => r.status);
  ctx.check('the MESSAGE ended 200 (after a 407 challenge where the server sends one)', statuses[statuses.length - 1] === 200, '[407, 200] or [200]', JSON.stringify(statuses));
}
