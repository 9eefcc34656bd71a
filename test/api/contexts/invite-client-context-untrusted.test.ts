import { describe, expect, it } from 'vitest';
import { InviteClientContext, SessionStatus } from '../../../src/api/contexts/index.js';
import type { SipRequest } from '../../../src/syntax/index.js';
import { peerSdp } from '../../support/fake-media-handler.js';
import { answer, media, SERVER, settle, wire } from '../support/context-wire.js';

// Issue 7, caller side: answers to our INVITE that threw inside the transaction callback. A 2xx
// whose Contact or Record-Route cannot give a dialog is still acknowledged (RFC 3261 §13.2.2.4:
// the UAC core MUST ACK every 2xx) and the call it would start is ended at once with a BYE, so
// the callee stops retransmitting and does not keep a call the caller cannot reach; a "response"
// carrying another request's Call-ID or From tag answers nothing of ours and is dropped.

const BOB = 'Contact: <sip:bob@192.0.2.9;transport=ws>';
const EDGE = 'Record-Route: <sip:edge.example.com;transport=ws;lr>';

async function setup() {
  const w = wire();
  const env = { sender: w.sender, core: w.core, destination: () => SERVER, dialog: { transport: w.transport, userAgent: 'sipforge-test', ids: w.ids }, dialogs: w.dialogs, media: media() };
  const context = new InviteClientContext(env, 'sip:bob@example.com', {});
  const seen: string[] = [];
  context.on('progress', (r) => seen.push(`progress ${r.status}`));
  context.on('accepted', (r) => seen.push(`accepted ${r.status}`));
  context.on('rejected', (r, cause) => seen.push(`rejected ${r.status} ${cause}`));
  context.on('failed', (r, cause) => seen.push(`failed ${r?.status ?? 'none'} ${cause}`));
  context.on('bye', (r) => seen.push(`bye ${r.method}`));
  context.invite();
  await settle();
  /** The UA still answers a request after whatever came before. */
  const answersOptions = (): number | undefined => {
    w.transport.deliver(
      'OPTIONS sip:alice@ua1.invalid SIP/2.0\r\nVia: SIP/2.0/WS edge.example.com;branch=z9hG4bKprobe\r\nMax-Forwards: 70\r\n' +
        'From: <sip:probe@example.com>;tag=p\r\nTo: <sip:alice@example.com>\r\nCall-ID: probe\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
    );
    const last = w.transport.last.message;
    return 'status' in last && last.callId === 'probe' ? last.status : undefined;
  };
  return { ...w, context, seen, answersOptions };
}

/** Method, Request-URI, Route and To tag of each request sent after the INVITE. */
function after(requests: SipRequest[]): string[] {
  return requests.slice(1).map((r) => `${r.method} ${r.uri} route=${r.rawHeaders('Route').join(',') || '-'} to-tag=${r.to.tag ?? '-'}`);
}

describe('a 2xx to our INVITE whose Contact or Record-Route cannot make a dialog', () => {
  const cases: Array<{ name: string; headers: string[]; target: string; route: string }> = [
    { name: 'Contact: *', headers: [EDGE, 'Contact: *'], target: 'sip:bob@example.com', route: '<sip:edge.example.com;transport=ws;lr>' },
    { name: 'a non-SIP Contact', headers: [EDGE, 'Contact: <http://bob.example.com/call>'], target: 'sip:bob@example.com', route: '<sip:edge.example.com;transport=ws;lr>' },
    { name: 'an unparseable Contact', headers: [EDGE, 'Contact: <sip:bob@192.0.2.9;transport=ws'], target: 'sip:bob@example.com', route: '<sip:edge.example.com;transport=ws;lr>' },
    { name: 'an unparseable Record-Route', headers: ['Record-Route: <sip:edge.example.com;lr', BOB], target: 'sip:bob@192.0.2.9;transport=ws', route: '-' },
    { name: 'a non-SIP Record-Route', headers: ['Record-Route: <http://edge.example.com/>', BOB], target: 'sip:bob@192.0.2.9;transport=ws', route: '-' },
  ];

  for (const { name, headers, target, route } of cases) {
    it(`with ${name}: ACKed, ended with a BYE, failed with DIALOG_ERROR; OPTIONS still answered`, async () => {
      const { context, transport, core, seen, answersOptions } = await setup();
      const ok = answer(context.request, 200, { toTag: 'b1', headers });
      transport.deliver(ok);
      expect(after(transport.requests)).toEqual([`ACK ${target} route=${route} to-tag=b1`, `BYE ${target} route=${route} to-tag=b1`]);
      expect(transport.requests[2]!.rawHeader('Reason')).toBe('SIP;cause=400;text="Unusable Contact or Record-Route in the 2xx"');
      expect(seen).toEqual(['failed 200 Dialog Error']);
      expect(context.status).toBe(SessionStatus.STATUS_TERMINATED);
      expect(context.dialog).toBeUndefined();
      expect(core.dialogs.size).toBe(0);
      // A retransmission of that 2xx gets the same ACK again, and nothing else happens.
      transport.deliver(ok);
      expect(after(transport.requests).map((r) => r.split(' ')[0])).toEqual(['ACK', 'BYE', 'ACK']);
      expect(transport.requests[3]!.toString()).toBe(transport.requests[1]!.toString());
      expect(seen).toEqual(['failed 200 Dialog Error']);
      expect(answersOptions()).toBe(200);
    });
  }
});

describe('a response with our branch and CSeq method but not our Call-ID or From tag', () => {
  const forge = (request: SipRequest, status: number, change: (text: string) => string) =>
    change(answer(request, status, { toTag: 'evil', headers: [BOB] }));

  const cases: Array<{ name: string; change: (text: string) => string }> = [
    { name: 'another Call-ID', change: (text) => text.replace(/^Call-ID: .*$/m, 'Call-ID: forged-call') },
    { name: 'another From tag', change: (text) => text.replace(/^From: (.*);tag=[^\r\n;]*/m, 'From: $1;tag=forged') },
  ];

  for (const { name, change } of cases) {
    it(`with ${name}: dropped, 1xx or 2xx alike; the real answer is then taken`, async () => {
      const { context, transport, seen, answersOptions } = await setup();
      transport.deliver(forge(context.request.message, 180, change));
      transport.deliver(forge(context.request.message, 200, change));
      expect(transport.requests.map((r) => r.method)).toEqual(['INVITE']);
      expect(seen).toEqual([]);
      expect(context.status).toBe(SessionStatus.STATUS_INVITE_SENT);
      transport.deliver(answer(context.request, 200, { toTag: 'b1', headers: [BOB], body: peerSdp() }));
      await settle();
      expect(seen).toEqual(['accepted 200']);
      expect(after(transport.requests)).toEqual(['ACK sip:bob@192.0.2.9;transport=ws route=- to-tag=b1']);
      expect(answersOptions()).toBe(200);
    });
  }
});
