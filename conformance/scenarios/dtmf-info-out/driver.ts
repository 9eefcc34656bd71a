import type { DriverContext } from '../../runner/driver-api.js';
import { hangUp, registeredUa, sippReceived } from '../shared/steps.js';

export default async function dtmfInfoOut(ctx: DriverContext): Promise<void> {
  const carol = await ctx.peer('carol');
  const peer = await carol.run('uas.xml', { args: ['-m', '1'] });
  const ua = await registeredUa(ctx, 'alice', { dtmfType: 'info' });
  const call = ua.invite(ctx.aor('carol'), ctx.media.invite());
  await ctx.event(call, 'accepted');
  call.dtmf!('5#', { duration: 100, interToneGap: 200 });
  const wire = ctx.wire('alice');
  await ctx.until('two INFOs answered', () => wire.responses('received', 'INFO').length >= 2, 8000);
  await hangUp(ctx, call);
  const outcome = await ctx.finish(peer);
  const infos = sippReceived(outcome.messages, peer.name).filter((m) => m.method === 'INFO');
  ctx.expect('carol received two INFOs', 2, infos.length);
  ctx.expect('application/dtmf-relay', ['application/dtmf-relay', 'application/dtmf-relay'], infos.map((m) => m.header('Content-Type')), infos[0]);
  const signals = infos.map((m) => /Signal\s*=\s*(\S)/i.exec(m.body)?.[1]);
  ctx.expect('Signal=5, then Signal=#', ['5', '#'], signals, infos[0]);
  ctx.check('each has a Duration', infos.every((m) => /Duration\s*=\s*\d+/i.test(m.body)), 'Duration=100', infos.map((m) => m.body.replace(/\r?\n/g, ' ')).join(' | '), infos[0]);
  ctx.expect('both answered 200', [200, 200], wire.responses('received', 'INFO').map((r) => r.status));
}
