import { afterEach, describe, expect, it } from 'vitest';
import SIP from '../../src/node.js';
import type { ListenAddress } from '../../src/transport/index.js';
import { fakeMediaFactory } from '../support/fake-media-handler.js';
import { quiet, udpPeer, until } from '../support/wire-peer.js';

// A UAS under load stalls (a long GC pause, a busy turn of the event loop). When it resumes, the
// ACK of its 2xx may already wait in the socket while the 2xx's T1 retransmission timer is due.
// RFC 3261 §13.3.1.4 retransmits the 2xx only until the ACK arrives: it arrived, so nothing more
// may go out. Node runs due timers before reading sockets, so the UA's timers wait for the input.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SDP = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');

function stall(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // The event loop is blocked, as in a GC pause.
  }
}

/** A call the UA answered: the peer has its 200 and holds the To tag; `ack` and `bye` are the peer's next requests. */
async function answeredCall(callId: string) {
  const media = fakeMediaFactory({ address: '127.0.0.1' });
  const ua = new SIP.UA({ uri: 'sip:service@127.0.0.1', listen: 'udp:127.0.0.1:0', register: false, log: { builtinEnabled: false }, mediaHandlerFactory: media.factory });
  cleanups.push(() => ua.stop());
  const address = await new Promise<ListenAddress>((resolve) => ua.once('listening', resolve));
  const confirmed: string[] = [];
  ua.on('invite', (session) => {
    session.once('confirmed', () => confirmed.push('confirmed'));
    session.accept();
  });
  const peer = await udpPeer();
  cleanups.push(() => peer.close());
  const via = (branch: string) => `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bK-${branch};rport`;
  const common = [`From: <sip:peer@127.0.0.1>;tag=p1`, `Call-ID: ${callId}@127.0.0.1`, 'Max-Forwards: 70'];
  await peer.send(
    [`INVITE sip:service@127.0.0.1:${address.port} SIP/2.0`, via(`${callId}-1`), ...common, 'To: <sip:service@127.0.0.1>', 'CSeq: 1 INVITE', `Contact: <sip:peer@127.0.0.1:${peer.port}>`, 'Content-Type: application/sdp', `Content-Length: ${SDP.length}`, '', SDP].join('\r\n'),
    address.port,
  );
  await until(() => peer.received.some((m) => m.startsWith('SIP/2.0 200')));
  const ok = peer.received.find((m) => m.startsWith('SIP/2.0 200'))!;
  const to = `To: <sip:service@127.0.0.1>;tag=${/^To:.*;tag=([^;\r\n]+)/m.exec(ok)![1]}`;
  const inDialog = (method: string, seq: number) => [`${method} sip:service@127.0.0.1:${address.port} SIP/2.0`, via(`${callId}-${method}`), ...common, to, `CSeq: ${seq} ${method}`, 'Content-Length: 0', '', ''].join('\r\n');
  return {
    peer,
    port: address.port,
    confirmed,
    ack: inDialog('ACK', 1),
    okCount: () => peer.received.filter((m) => m.startsWith('SIP/2.0 200') && m.includes('CSeq: 1 INVITE')).length,
    /** The caller hangs up, so that stopping the UA sends no BYE into a peer that would not answer it. */
    hangUp: async () => {
      await peer.send(inDialog('BYE', 2), address.port);
      await until(() => peer.received.some((m) => m.startsWith('SIP/2.0 200') && m.includes('CSeq: 2 BYE')));
    },
  };
}

describe('a UAS that stalled with the ACK already received', () => {
  it('does not retransmit its 2xx when the ACK arrived before the retransmission was due', async () => {
    const call = await answeredCall('stall-1');
    await call.peer.send(call.ack, call.port);
    // The ACK is in the UA's socket; the process now stalls past T1 (500 ms), when the 2xx is due again.
    stall(800);
    await quiet(300);
    expect(call.okCount()).toBe(1);
    expect(call.confirmed).toEqual(['confirmed']);
    await call.hangUp();
  });

  it('reads a backlog longer than one turn of the event loop reads before the 2xx is due again', async () => {
    const call = await answeredCall('stall-2');
    // Node reads at most 32 datagrams of a socket per turn: 300 keep-alives, then the ACK, all queued
    // while the process is blocked. The 2xx waits while each turn reads a full batch.
    for (let i = 0; i < 300; i++) call.peer.sendNow('\r\n\r\n', call.port);
    call.peer.sendNow(call.ack, call.port);
    stall(800);
    await quiet(300);
    expect(call.okCount()).toBe(1);
    expect(call.confirmed).toEqual(['confirmed']);
    await call.hangUp();
  });
});
