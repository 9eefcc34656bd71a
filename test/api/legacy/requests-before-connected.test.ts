import { describe, expect, it } from 'vitest';
import SIP, { FakeClock, SessionStatus, type SipServer } from '../../../src/index.js';
import { fakeMediaFactory } from '../../support/fake-media-handler.js';
import { advance, FakeTransport, type Outcome } from '../../transport/support.js';

// Legacy SIP.js 0.7 sent what `message()`, `request()` and `invite()` were asked for once the connection
// was up (`afterConnected`), so `new SIP.UA(…)` followed at once by `ua.message(…)` worked. Before, sipforge
// failed such a request at once with CONNECTION_ERROR.

function uaWith(outcome: Outcome) {
  const clock = new FakeClock();
  const state = { outcome };
  const transports: FakeTransport[] = [];
  const ua = new SIP.UA(
    { uri: 'alice@example.test', wsServers: 'ws://edge.example.test:8080', register: false, log: { builtinEnabled: false } },
    {
      clock,
      mediaHandlerFactory: fakeMediaFactory().factory,
      transportFactory: () => (server: SipServer) => {
        const transport = new FakeTransport(server, state.outcome);
        transports.push(transport);
        return transport;
      },
    },
  );
  const sent = (): string[] => transports.flatMap((t) => t.sent.map((s) => ('method' in s.message ? s.message.method : String(s.message.status))));
  return { ua, clock, state, sent };
}

describe('SIP.UA: requests made before the connection is up', () => {
  it('are sent once it is: message(), request() and invite() right after new SIP.UA()', async () => {
    const { ua, clock, sent } = uaWith('ok');
    const failures: string[] = [];
    const message = ua.message('bob@example.test', 'hello');
    message.on('failed', (_r, cause) => failures.push(cause));
    ua.request('OPTIONS', 'bob@example.test').on('failed', (_r, cause) => failures.push(cause));
    const invitesSent: unknown[] = [];
    ua.on('inviteSent', (session) => invitesSent.push(session));
    const call = ua.invite('bob@example.test');
    expect(sent()).toEqual([]);
    expect(call.status).toBe(SessionStatus.STATUS_NULL);
    expect(invitesSent).toEqual([]);
    await advance(clock, 0);
    expect(ua.isConnected()).toBe(true);
    expect(sent()).toEqual(['MESSAGE', 'OPTIONS', 'INVITE']);
    expect(call.status).toBe(SessionStatus.STATUS_INVITE_SENT);
    expect(invitesSent).toEqual([call]);
    expect(failures).toEqual([]);
  });

  it('wait while connection attempts fail, and go out with the first one that succeeds', async () => {
    const { ua, clock, state, sent } = uaWith('fail');
    const failures: string[] = [];
    ua.message('bob@example.test', 'hello').on('failed', (_r, cause) => failures.push(cause));
    await advance(clock, 0);
    expect(ua.isConnected()).toBe(false);
    expect(sent()).toEqual([]);
    state.outcome = 'ok';
    // wsServerReconnectionTimeout: the next attempt comes 4 s later.
    await advance(clock, 4000);
    expect(ua.isConnected()).toBe(true);
    expect(sent()).toEqual(['MESSAGE']);
    expect(failures).toEqual([]);
  });

  it('fail with CONNECTION_ERROR when the UA stops before any connection', async () => {
    const { ua, clock, sent } = uaWith('fail');
    const failures: string[] = [];
    ua.message('bob@example.test', 'hello').on('failed', (response, cause) => failures.push(`${response === undefined ? 'none' : 'response'} ${cause}`));
    const call = ua.invite('bob@example.test');
    call.on('failed', (response, cause) => failures.push(`${response === undefined ? 'none' : 'response'} ${cause}`));
    await advance(clock, 0);
    const stopping = ua.stop();
    await advance(clock, 6000);
    await stopping;
    expect(sent()).toEqual([]);
    // The call, still making its offer when stop() ends every session, is cancelled; the MESSAGE goes and fails.
    expect(failures).toEqual([`none ${SIP.C.causes.CANCELED}`, `none ${SIP.C.causes.CONNECTION_ERROR}`]);
    expect(call.status).toBe(SessionStatus.STATUS_TERMINATED);
  });
});
