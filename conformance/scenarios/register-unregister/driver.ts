import type { DriverContext } from '../../runner/driver-api.js';
import { registeredUa } from '../shared/steps.js';

export default async function registerUnregister(ctx: DriverContext): Promise<void> {
  const ua = await registeredUa(ctx, 'alice');
  const wire = ctx.wire('alice');
  const before = wire.requests('sent', 'REGISTER').length;
  const registeredContact = wire.requests('sent', 'REGISTER')[0]!.header('Contact') ?? '';
  const unregistered = ctx.event(ua, 'unregistered');
  ua.unregister();
  await unregistered;
  const removal = wire.requests('sent', 'REGISTER').slice(before).pop();
  const contact = removal?.header('Contact') ?? '';
  const zero = /expires=0\b/.test(contact) || removal?.header('Expires') === '0';
  ctx.check('the un-REGISTER asks for expiry 0 (RFC 3261 §10.2.2)', zero, 'Contact …;expires=0 or Expires: 0', `Contact: ${contact}; Expires: ${removal?.header('Expires') ?? '(none)'}`, removal);
  const uri = (value: string): string => /<([^>]+)>/.exec(value)?.[1] ?? value.split(';')[0]!;
  ctx.expect('it names the registered Contact, not *', uri(registeredContact), uri(contact), removal);
  const last = wire.responses('received', 'REGISTER').pop();
  ctx.expect('the registrar answered 200', 200, last?.status, last);
  const left = (last?.headerValues('Contact') ?? []).filter((value) => uri(value) === uri(registeredContact));
  ctx.expect('the 200 lists no binding of this UA any more', [], left, last);
  ctx.expect('isRegistered() afterwards', false, ua.isRegistered());
}
