import { beforeEach, describe, expect, it } from 'vitest';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import type { SipResponse } from '../../src/syntax/index.js';
import { FakeClock } from '../../src/transport/fake-clock.js';
import { settle } from '../support/settle.js';
import { request, ScriptedTransport } from './support/scripted-transport.js';

// RFC 3261 §9.2, §8.2.6.2: the 487 the core sends for a cancelled INVITE is a response like any
// other: its To carries a tag, the same as the 1xx that created an early dialog.

let clock: FakeClock;
let transport: ScriptedTransport;
let core: UserAgentCore;

beforeEach(() => {
  clock = new FakeClock();
  transport = new ScriptedTransport(clock);
  core = new UserAgentCore({ transport, clock });
  core.start();
});

const responses = (): SipResponse[] => transport.sent.map((s) => s.message as SipResponse);

describe('the 487 to a cancelled INVITE', () => {
  it('carries the To tag of the 180 sent before (the early dialog it ends)', async () => {
    core.handle('INVITE', (incoming) => core.respond(incoming, 180, { toTag: 'early1' }));
    transport.deliver(request('INVITE'));
    transport.deliver(request('CANCEL', { cseqMethod: 'CANCEL' }));
    await settle();
    const [ringing, cancelled, terminated] = responses();
    expect([ringing!.status, cancelled!.status, terminated!.status]).toEqual([180, 200, 487]);
    expect(terminated!.to.tag).toBe('early1');
    expect(terminated!.rawHeader('To')).toBe('<sip:uas@192.0.2.1>;tag=early1');
  });

  it('carries a To tag of its own when only the 100 Trying went out', async () => {
    core.handle('INVITE', () => undefined);
    transport.deliver(request('INVITE'));
    clock.advance(200);
    transport.deliver(request('CANCEL', { cseqMethod: 'CANCEL' }));
    await settle();
    const [trying, cancelled, terminated] = responses();
    expect([trying!.status, cancelled!.status, terminated!.status]).toEqual([100, 200, 487]);
    expect(trying!.to.tag).toBeUndefined();
    expect(terminated!.to.tag).toMatch(/^\w+$/);
  });
});
