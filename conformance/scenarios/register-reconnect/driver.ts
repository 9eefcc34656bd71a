import type { DriverContext } from '../../runner/driver-api.js';

export default async function registerReconnect(ctx: DriverContext): Promise<void> {
  const cutter = await ctx.webSocketCutter();
  // The first 200 to a REGISTER never reaches the UA: the connection drops as it comes.
  cutter.cutWhen((text, direction) => direction === 'to-ua' && /^SIP\/2\.0 200/.test(text) && /^CSeq:\s*\d+ REGISTER/im.test(text));
  const ua = ctx.ua('alice', { server: cutter.url, config: { register: true, connectionRecoveryMinInterval: 1, connectionRecoveryMaxInterval: 3 } });
  const connections = ctx.record(ua, 'connected');
  const registered = ctx.event(ua, 'registered', 30_000);
  ua.start();
  await registered;
  ctx.expect('the connection was cut once', 1, cutter.cuts);
  ctx.check('the UA connected again', connections.length >= 2, 'two connected events or more', `${connections.length}`);
  await ctx.sleep(1000);
  const wire = ctx.wire('alice');
  const last = wire.responses('received', 'REGISTER').filter((response) => response.status === 200).pop();
  ctx.expect('the final 200 lists exactly one binding', 1, last?.headerValues('Contact').length, last);
  ctx.expect('isRegistered()', true, ua.isRegistered());
}
