import { describe, expect, it } from 'vitest';
import { InviteClientContext, SessionStatus } from '../../../src/api/contexts/index.js';
import type { TimerSettings } from '../../../src/transaction/index.js';
import { peerSdp } from '../../support/fake-media-handler.js';
import { answer, media, SERVER, settle, wire } from '../support/context-wire.js';

// Issue 7: an INVITE answered only with provisional responses never ended on the caller side (the
// INVITE client transaction has no timer in Proceeding). Timer C (RFC 3261 §16.6 step 11, §16.7
// step 2, §16.8) ends it: NO_ANSWER, and a CANCEL.

const BOB = ['Contact: <sip:bob@192.0.2.9;transport=ws>'];
const MINUTE = 60_000;

async function setup(timers?: Partial<TimerSettings>) {
  const w = wire(timers === undefined ? {} : { timers });
  const env = { sender: w.sender, core: w.core, destination: () => SERVER, dialog: { transport: w.transport, userAgent: 'sipforge-test', ids: w.ids }, dialogs: w.dialogs, media: media() };
  const context = new InviteClientContext(env, 'sip:bob@example.com', {});
  const seen: string[] = [];
  context.on('progress', (r) => seen.push(`progress ${r.status}`));
  context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
  context.on('rejected', (r, cause) => seen.push(`rejected ${r.status} ${cause}`));
  context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
  context.on('cancel', () => seen.push('cancel'));
  context.on('bye', (r) => seen.push(`bye ${r.method}`));
  context.invite();
  await settle();
  const methods = () => w.transport.requests.map((r) => r.method);
  return { ...w, context, seen, methods };
}

describe('InviteClientContext Timer C', () => {
  it('ends a call that only rings after 3 minutes: failed with NO_ANSWER, then a CANCEL; the 487 changes nothing', async () => {
    const { context, transport, clock, seen, methods } = await setup();
    transport.deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    clock.advance(3 * MINUTE - 1);
    expect(methods()).toEqual(['INVITE']);
    expect(seen).toEqual(['progress 180']);
    clock.advance(1);
    expect(seen).toEqual(['progress 180', 'failed none No Answer']);
    expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
    expect(methods()).toEqual(['INVITE', 'CANCEL']);
    const cancel = transport.requests[1]!;
    expect([cancel.uri.toString(), cancel.rawHeader('Via'), cancel.rawHeader('CSeq')]).toEqual([
      'sip:bob@example.com',
      context.request.rawHeader('Via'),
      '1 CANCEL',
    ]);
    transport.deliver(answer(cancel, 200, { toTag: 'b1' }));
    transport.deliver(answer(context.request, 487, { toTag: 'b1' }));
    // The INVITE transaction acknowledges the 487 itself (RFC 3261 §17.1.1.3); the context has ended.
    expect(methods()).toEqual(['INVITE', 'CANCEL', 'ACK']);
    expect(seen).toEqual(['progress 180', 'failed none No Answer']);
    clock.advance(10 * MINUTE);
    expect(seen).toEqual(['progress 180', 'failed none No Answer']);
  });

  it('runs from the INVITE when only 100 Trying came (Timer B stopped in Proceeding), and 100 does not restart it', async () => {
    const { context, transport, clock, seen, methods } = await setup();
    clock.advance(10_000);
    transport.deliver(answer(context.request, 100));
    clock.advance(3 * MINUTE - 10_000 - 1);
    expect(seen).toEqual(['progress 100']);
    clock.advance(1);
    expect(seen).toEqual(['progress 100', 'failed none No Answer']);
    expect(methods()).toEqual(['INVITE', 'CANCEL']);
  });

  it('restarts on every provisional response other than 100 (RFC 3261 §16.7 step 2)', async () => {
    const { context, transport, clock, seen } = await setup();
    transport.deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    clock.advance(2 * MINUTE);
    transport.deliver(answer(context.request, 183, { toTag: 'b1', headers: BOB }));
    clock.advance(3 * MINUTE - 1);
    expect(seen).toEqual(['progress 180', 'progress 183']);
    clock.advance(1);
    expect(seen).toEqual(['progress 180', 'progress 183', 'failed none No Answer']);
  });

  it('stops on a final response', async () => {
    const { context, transport, clock, seen, methods } = await setup();
    transport.deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    transport.deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB, body: peerSdp() }));
      await settle();
    clock.advance(10 * MINUTE);
    expect(seen).toEqual(['progress 180', 'accepted 200']);
    expect(methods()).toEqual(['INVITE', 'ACK']);
    expect(context.status).toBe(SessionStatus.STATUS_CONFIRMED);
  });

  it('ACKs and BYEs a 2xx that crosses its CANCEL, with no further event', async () => {
    const { context, transport, clock, seen, methods } = await setup();
    transport.deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    clock.advance(3 * MINUTE);
    transport.deliver(answer(context.request, 200, { toTag: 'b1', headers: BOB, body: peerSdp() }));
      await settle();
    expect(methods()).toEqual(['INVITE', 'CANCEL', 'ACK', 'BYE']);
    expect(seen).toEqual(['progress 180', 'failed none No Answer']);
  });

  it('follows a configured value, and holds the CANCEL until a provisional response when none came yet (§9.1)', async () => {
    const { context, transport, clock, seen, methods } = await setup({ timerC: 10_000 });
    clock.advance(10_000);
    expect(seen).toEqual(['failed none No Answer']);
    expect(methods()).toEqual(['INVITE']);
    transport.deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    expect(methods()).toEqual(['INVITE', 'CANCEL']);
    expect(seen).toEqual(['failed none No Answer']);
  });

  it('does not run after cancel()', async () => {
    const { context, transport, clock, seen } = await setup();
    transport.deliver(answer(context.request, 180, { toTag: 'b1', headers: BOB }));
    context.cancel();
    transport.deliver(answer(transport.requests[1]!, 200, { toTag: 'b1' }));
    transport.deliver(answer(context.request, 487, { toTag: 'b1' }));
    clock.advance(10 * MINUTE);
    expect(seen).toEqual(['progress 180', 'cancel', 'rejected 487 Canceled', 'failed 487 Canceled']);
    expect(clock.pending).toBe(0);
  });
});
