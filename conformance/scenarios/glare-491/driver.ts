import type { DriverContext, LegacySession } from '../../runner/driver-api.js';
import { nextInvite, registeredUa } from '../shared/steps.js';

type Holdable = LegacySession & { isOnHold?(): { local: boolean; remote: boolean } };

export default async function glare491(ctx: DriverContext): Promise<void> {
  const alice = await registeredUa(ctx, 'alice');
  const bob = await registeredUa(ctx, 'bob');
  const incoming = nextInvite(ctx, bob);
  const call: Holdable = alice.invite(ctx.aor('bob'), ctx.media.invite());
  const answered: Holdable = await incoming;
  const confirmed = ctx.event(answered, 'confirmed');
  answered.accept(ctx.media.accept());
  await ctx.event(call, 'accepted');
  await confirmed;
  await ctx.sleep(300);
  const aliceHolds = ctx.record(call, 'hold');
  const bobHolds = ctx.record(answered, 'hold');
  call.hold!();
  answered.hold!();
  const alicesWire = ctx.wire('alice');
  const bobsWire = ctx.wire('bob');
  // Legacy hold() may report at once; what counts is each side's re-INVITE answered 200 in the end.
  const reinviteAccepted = (wire: typeof alicesWire, own: number): boolean => wire.responses('received', 'INVITE').filter((r) => r.status === 200).length > own;
  await ctx.until('both re-INVITEs answered 200', () => reinviteAccepted(alicesWire, 1) && reinviteAccepted(bobsWire, 0), 15_000);
  ctx.check('both sides reported hold', aliceHolds.length > 0 && bobHolds.length > 0, 'a hold event on each side', `alice ${aliceHolds.length}, bob ${bobHolds.length}`);
  ctx.check('alice answered bob’s re-INVITE 491 (or bob answered hers)', [...alicesWire.responses('sent', 'INVITE'), ...bobsWire.responses('sent', 'INVITE')].some((r) => r.status === 491), 'a 491 Request Pending', [...alicesWire.responses('sent', 'INVITE'), ...bobsWire.responses('sent', 'INVITE')].map((r) => r.status).join(', '));
  ctx.expect('both ended on hold locally', [true, true], [call.isOnHold?.().local, answered.isOnHold?.().local]);
  const terminated = ctx.event(answered, 'terminated');
  call.bye();
  await terminated;
}
