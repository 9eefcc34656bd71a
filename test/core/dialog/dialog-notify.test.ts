import { describe, expect, it } from 'vitest';
import { Dialog } from '../../../src/core/dialog/index.js';
import { createAuthenticatedRetry, OutOfDialogRequestFactory } from '../../../src/core/request/index.js';
import { UserAgentCore } from '../../../src/core/user-agent-core.js';
import { parseMessage, type SipRequest } from '../../../src/syntax/index.js';
import { FakeClock } from '../../../src/transport/index.js';
import { ScriptedTransport } from '../../support/scripted-transport.js';
import { fixedIds } from '../request/fixed-ids.js';

// The subscriber's dialog made by a NOTIFY that precedes the 2xx to SUBSCRIBE (RFC 6665 §4.1.2.4), the local
// CSeq after an authenticated retry (RFC 3261 §22.2), and the core's hook that lets such a NOTIFY in.

const transport = { protocol: 'UDP', viaHost: '192.0.2.10', viaPort: 5060 } as const;

function newSubscribe(): SipRequest {
  const factory = new OutOfDialogRequestFactory({ transport, contact: 'sip:alice@192.0.2.10:5060', ids: fixedIds() });
  return factory.create({ method: 'SUBSCRIBE', to: 'sip:bob@example.com', from: '"Alice" <sip:alice@example.com>', extraHeaders: ['Event: presence'] });
}

function notify(subscribe: SipRequest, extra: string[] = [], fromTag = 'n1', cseq = 7): SipRequest {
  return parseMessage(
    [
      'NOTIFY sip:alice@192.0.2.10:5060 SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKn1',
      'Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr;ftag=x>',
      `From: <sip:bob@example.com>;tag=${fromTag}`,
      `To: ${subscribe.rawHeader('From')}`,
      `Call-ID: ${subscribe.callId}`,
      `CSeq: ${cseq} NOTIFY`,
      'Event: presence',
      'Subscription-State: active;expires=600',
      ...extra,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  ) as SipRequest;
}

const options = { transport, targetRefreshMethods: ['SUBSCRIBE', 'NOTIFY'] };

describe('Dialog.fromNotify', () => {
  it('takes the NOTIFY\'s Contact as remote target, its Record-Route in order, its From tag; local CSeq from the SUBSCRIBE, remote one empty', () => {
    const subscribe = newSubscribe();
    const dialog = Dialog.fromNotify(subscribe, notify(subscribe, ['Contact: <sip:bob@198.51.100.5:5070>']), options);
    expect(dialog.id).toEqual({ callId: subscribe.callId, localTag: subscribe.from.tag, remoteTag: 'n1' });
    expect(dialog.state).toBe('confirmed');
    expect(dialog.remoteTarget.toString()).toBe('sip:bob@198.51.100.5:5070');
    expect(dialog.routeSet.map(String)).toEqual(['sip:p1.example.com;lr', 'sip:p2.example.com;lr;ftag=x']);
    expect(dialog.localSeq).toBe(1);
    expect(dialog.remoteSeq).toBeUndefined();
    // The NOTIFY itself is then accepted in the dialog and sets the remote CSeq.
    expect(dialog.receiveRequest(notify(subscribe, ['Contact: <sip:bob@198.51.100.5:5070>'])).accepted).toBe(true);
    expect(dialog.remoteSeq).toBe(7);
    const refresh = dialog.createRequest('SUBSCRIBE', { extraHeaders: ['Event: presence', 'Expires: 600'] });
    expect(refresh.uri.toString()).toBe('sip:bob@198.51.100.5:5070');
    expect(refresh.rawHeaders('Route')).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr;ftag=x>']);
    expect(refresh.rawHeader('To')).toBe('<sip:bob@example.com>;tag=n1');
    expect(refresh.rawHeader('Contact')).toBe('<sip:alice@192.0.2.10:5060>');
    expect(refresh.cseq.seq).toBe(2);
  });

  it('refuses a NOTIFY of another request or without Contact', () => {
    const subscribe = newSubscribe();
    expect(() => Dialog.fromNotify(subscribe, notify(newSubscribe()), options)).toThrow(/not for this SUBSCRIBE|Contact/);
    expect(() => Dialog.fromNotify(subscribe, notify(subscribe), options)).toThrow(/Contact/);
  });
});

describe('Dialog.followRetry', () => {
  it('raises the local CSeq to an authenticated retry\'s, so the next request is numbered above it', () => {
    const subscribe = newSubscribe();
    const dialog = Dialog.fromNotify(subscribe, notify(subscribe, ['Contact: <sip:bob@198.51.100.5>']), options);
    const refresh = dialog.createRequest('SUBSCRIBE');
    const retry = createAuthenticatedRetry(refresh, [], 'z9hG4bKretry');
    dialog.followRetry(retry);
    expect(dialog.localSeq).toBe(3);
    dialog.followRetry(refresh);
    expect(dialog.localSeq).toBe(3);
    expect(dialog.createRequest('SUBSCRIBE').cseq.seq).toBe(4);
    expect(() => dialog.followRetry(newSubscribe())).toThrow(TypeError);
  });
});

describe('UserAgentCore.onUnknownDialog', () => {
  it('a request with a To tag that matches no dialog: the hook\'s dialog takes it to the handler, else 481', () => {
    const clock = new FakeClock();
    const wire = new ScriptedTransport(clock);
    const core = new UserAgentCore({ transport: wire, clock });
    core.start();
    const handled: string[] = [];
    core.handle('NOTIFY', (incoming) => {
      handled.push(`${incoming.request.cseq.seq} ${incoming.dialog?.remoteSeq}`);
      core.respond(incoming, 200);
    });
    const subscribe = newSubscribe();
    wire.deliver(notify(subscribe, ['Contact: <sip:bob@198.51.100.5>']).toString());
    core.onUnknownDialog = (request) => {
      const dialog = Dialog.fromNotify(subscribe, request, options);
      core.addDialog(dialog);
      return dialog;
    };
    wire.deliver(notify(subscribe, ['Contact: <sip:bob@198.51.100.5>'], 'n1', 8).toString().replace('z9hG4bKn1', 'z9hG4bKn2'));
    expect(wire.statuses).toEqual([481, 200]);
    expect(handled).toEqual(['8 8']);
  });
});
