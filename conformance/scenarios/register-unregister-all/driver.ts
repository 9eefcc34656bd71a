import type { DriverContext } from '../../runner/driver-api.js';
import { registeredUa } from '../shared/steps.js';

export default async function registerUnregisterAll(ctx: DriverContext): Promise<void> {
  const ua = await registeredUa(ctx, 'alice');
  // A second binding of the same address of record, from a UA of its own (role alice2 uses alice's account).
  await registeredUa(ctx, 'alice2');
  const wire = ctx.wire('alice');
  const before = wire.requests('sent', 'REGISTER').length;
  const unregistered = ctx.event(ua, 'unregistered');
  ua.unregister({ all: true });
  await unregistered;
  const removal = wire.requests('sent', 'REGISTER').slice(before).pop();
  ctx.expect('Contact: * (RFC 3261 §10.2.2)', '*', removal?.header('Contact'), removal);
  ctx.expect('Expires: 0', '0', removal?.header('Expires'), removal);
  const last = wire.responses('received', 'REGISTER').pop();
  ctx.expect('the registrar answered 200', 200, last?.status, last);
  ctx.expect('no binding of the AOR is left', [], last?.headerValues('Contact') ?? [], last);
}
