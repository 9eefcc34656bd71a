import { parse } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { IncompatibleDescriptionError } from '../../../../src/session/index.js';
import { RtpSessionDescriptionHandler, type RtpSessionDescriptionHandlerOptions } from '../../../../src/session/media/rtp/index.js';
import { FakeClock } from '../../../../src/transport/fake-clock.js';
import { FakeMediaSockets } from '../../../support/fake-media-sockets.js';

const SDP = 'application/sdp';

function handler(options: RtpSessionDescriptionHandlerOptions = {}): { h: RtpSessionDescriptionHandler; sockets: FakeMediaSockets } {
  const sockets = new FakeMediaSockets(40000);
  const h = new RtpSessionDescriptionHandler({ clock: new FakeClock(), socketFactory: sockets.factory, ...options });
  return { h, sockets };
}

/** A peer's description: session lines, then the media sections given. */
function peerSdp(media: string, version = 1, connection = 'c=IN IP4 192.0.2.10\r\n'): { body: string; contentType: string } {
  return { body: `v=0\r\no=peer 777 ${version} IN IP4 192.0.2.10\r\ns=-\r\n${connection}t=0 0\r\n${media}`, contentType: SDP };
}

const G711_OFFER = 'm=audio 30000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n';

describe('RTP handler: offers (RFC 3264 §5)', () => {
  it('offers one audio stream: PCMU, PCMA and telephone-event 101 on our address and port, 20 ms, sendrecv', async () => {
    const { h } = handler();
    const offer = await h.getDescription();
    expect(offer.contentType).toBe(SDP);
    expect(offer.body).toMatch(/^v=0\r\no=- (\d+) \1 IN IP4 127\.0\.0\.1\r\ns=-\r\nc=IN IP4 127\.0\.0\.1\r\nt=0 0\r\n/);
    expect(offer.body.split('\r\n').slice(5).join('\n')).toBe(
      [
        'm=audio 40000 RTP/AVP 0 8 101',
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:8 PCMA/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'a=sendrecv',
        '',
      ].join('\n'),
    );
    h.close();
  });

  it('keeps the o= session id and raises its version by one with every description (RFC 3264 §8)', async () => {
    const { h } = handler();
    const origins: Array<{ sessionId: unknown; sessionVersion: number }> = [];
    const o = (body: string): void => void origins.push(parse(body).origin);
    o((await h.getDescription()).body);
    await h.setDescription(peerSdp(G711_OFFER));
    o((await h.getDescription({ hold: true })).body);
    await h.setDescription(peerSdp(G711_OFFER.replace('sendrecv', 'recvonly'), 2));
    await h.setDescription(peerSdp(G711_OFFER, 3));
    o((await h.getDescription()).body);
    expect(new Set(origins.map((x) => x.sessionId)).size).toBe(1);
    const first = origins[0]!.sessionVersion;
    expect(origins.map((x) => x.sessionVersion)).toEqual([first, first + 1, first + 2]);
    h.close();
  });

  it('offers follow the configured codecs, address and telephone-event payload type', async () => {
    const { h } = handler({ codecs: ['PCMA'], telephoneEventPayloadType: 96, address: '10.1.2.3' });
    const sdp = parse((await h.getDescription()).body);
    expect(sdp.connection).toEqual({ version: 4, ip: '10.1.2.3' });
    expect(sdp.media[0]!.payloads).toBe('8 96');
    h.close();
    const { h: noEvents } = handler({ telephoneEventPayloadType: false });
    expect(parse((await noEvents.getDescription()).body).media[0]!.payloads).toBe('0 8');
    noEvents.close();
  });

  it('without an address, offers and binds the one the UA\'s signalling leaves from, if it is an IP address of the bind family', async () => {
    const session = { constraints: { audio: true, video: false }, iceServers: [], iceGatheringTimeout: 5000, extra: {} };
    const made = (options: RtpSessionDescriptionHandlerOptions, localAddress: string | undefined) => {
      const sockets = new FakeMediaSockets(40000);
      return new RtpSessionDescriptionHandler({ clock: new FakeClock(), socketFactory: sockets.factory, ...options }, { ...session, localAddress });
    };
    const offered = async (h: RtpSessionDescriptionHandler): Promise<unknown> => {
      const sdp = parse((await h.getDescription()).body);
      h.close();
      return sdp.connection;
    };
    expect(await offered(made({}, '192.0.2.44'))).toEqual({ version: 4, ip: '192.0.2.44' });
    expect(await offered(made({}, '2001:db8::7'))).toEqual({ version: 6, ip: '2001:db8::7' });
    expect(await offered(made({ address: '10.1.2.3' }, '192.0.2.44'))).toEqual({ version: 4, ip: '10.1.2.3' });
    expect(await offered(made({ bindAddress: '0.0.0.0' }, '2001:db8::7'))).toEqual({ version: 4, ip: '127.0.0.1' });
    expect(await offered(made({}, 'host.invalid'))).toEqual({ version: 4, ip: '127.0.0.1' });
    expect(await offered(made({}, undefined))).toEqual({ version: 4, ip: '127.0.0.1' });
  });

  it('holds with sendonly, or inactive when the peer holds too (RFC 3264 §8.4, RFC 6337 §5.3)', async () => {
    const { h } = handler();
    await h.getDescription();
    await h.setDescription(peerSdp(G711_OFFER));
    expect(parse((await h.getDescription({ hold: true })).body).media[0]!.direction).toBe('sendonly');
    await h.setDescription(peerSdp(G711_OFFER.replace('sendrecv', 'recvonly'), 2));
    // The peer now holds us (its offer is sendonly); we answer recvonly…
    await h.setDescription(peerSdp(G711_OFFER.replace('sendrecv', 'sendonly'), 3));
    expect(parse((await h.getDescription()).body).media[0]!.direction).toBe('recvonly');
    // …and when we hold as well, our offer is inactive.
    expect(parse((await h.getDescription({ hold: true })).body).media[0]!.direction).toBe('inactive');
    h.close();
  });

  it('accepts the answer with the formats we offered; one with none of them is incompatible', async () => {
    const { h } = handler();
    await h.getDescription();
    await expect(h.setDescription(peerSdp('m=audio 30000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n'))).rejects.toBeInstanceOf(IncompatibleDescriptionError);
    await h.setDescription(peerSdp('m=audio 30000 RTP/AVP 8\r\n'));
    h.close();
  });

  it('an answer rejecting our audio stream (port 0) is incompatible', async () => {
    const { h } = handler();
    await h.getDescription();
    await expect(h.setDescription(peerSdp('m=audio 0 RTP/AVP 0\r\n'))).rejects.toThrow(/port 0/);
    h.close();
  });

  it('rollbackDescription forgets a refused offer: the next description from the peer is an offer again', async () => {
    const { h } = handler();
    await h.getDescription();
    await h.setDescription(peerSdp(G711_OFFER));
    await h.getDescription({ hold: true }); // a re-INVITE the peer refuses (491)
    h.rollbackDescription();
    await h.setDescription(peerSdp(G711_OFFER.replace('sendrecv', 'sendonly'), 2)); // the peer's own re-INVITE
    expect(parse((await h.getDescription()).body).media[0]!.direction).toBe('recvonly');
    h.close();
  });
});

describe('RTP handler: answers (RFC 3264 §6)', () => {
  it('answers with the offered codecs we support in the offerer’s order, keeping its telephone-event type', async () => {
    const { h } = handler();
    await h.setDescription(peerSdp('m=audio 30000 RTP/AVP 18 8 0 96\r\na=rtpmap:18 G729/8000\r\na=rtpmap:96 telephone-event/8000\r\n'));
    const answer = parse((await h.getDescription()).body);
    expect(answer.media[0]).toMatchObject({ type: 'audio', port: 40000, protocol: 'RTP/AVP', payloads: '8 0 96', direction: 'sendrecv' });
    expect(answer.media[0]!.rtp.map((r) => `${r.payload} ${r.codec}`)).toEqual(['8 PCMA', '0 PCMU', '96 telephone-event']);
    h.close();
  });

  it('an offer without PCMU or PCMA is refused with IncompatibleDescriptionError (the session answers 488)', async () => {
    const { h } = handler();
    const cases = [
      'm=audio 30000 RTP/AVP 18 101\r\na=rtpmap:18 G729/8000\r\na=rtpmap:101 telephone-event/8000\r\n',
      'm=audio 30000 RTP/AVP 96\r\na=rtpmap:96 PCMU/16000\r\n',
      'm=audio 30000 RTP/SAVP 0\r\n',
      'm=video 30002 RTP/AVP 31\r\n',
      'm=audio 0 RTP/AVP 0\r\n',
    ];
    for (const media of cases) await expect(h.setDescription(peerSdp(media)), media).rejects.toBeInstanceOf(IncompatibleDescriptionError);
    await expect(h.setDescription(peerSdp('m=audio 30000 RTP/AVP 0\r\n', 1, ''))).rejects.toThrow(/connection address/);
    await expect(h.setDescription(peerSdp('m=audio 30000 RTP/AVP 0\r\n', 1, 'c=IN IP6 2001:db8::1\r\n'))).rejects.toThrow(/IP6/);
    await expect(h.setDescription({ body: 'hello', contentType: 'text/plain' })).rejects.toBeInstanceOf(IncompatibleDescriptionError);
    h.close();
  });

  it('rejects the other streams with port 0, keeping their m= lines in order (RFC 3264 §6)', async () => {
    const { h } = handler();
    await h.setDescription(peerSdp('m=video 30002 RTP/AVP 31 34\r\nm=audio 30000 RTP/AVP 0\r\nm=audio 30004 RTP/AVP 8\r\n'));
    const answer = parse((await h.getDescription()).body);
    expect(answer.media.map((m) => `${m.type} ${m.port} ${m.protocol} ${String(m.payloads)}`)).toEqual(['video 0 RTP/AVP 31 34', 'audio 40000 RTP/AVP 0', 'audio 0 RTP/AVP 8']);
    // Our next offer keeps the three lines (RFC 3264 §8).
    const offer = parse((await h.getDescription()).body);
    expect(offer.media.map((m) => `${m.type} ${m.port}`)).toEqual(['video 0', 'audio 40000', 'audio 0']);
    h.close();
  });

  it('answers a sendonly offer recvonly, a recvonly one sendonly, an inactive one inactive (RFC 3264 §6.1)', async () => {
    for (const [offered, answered] of [['sendonly', 'recvonly'], ['recvonly', 'sendonly'], ['inactive', 'inactive']] as const) {
      const { h } = handler();
      await h.setDescription(peerSdp(G711_OFFER.replace('sendrecv', offered)));
      expect(parse((await h.getDescription()).body).media[0]!.direction).toBe(answered);
      h.close();
    }
  });

  it('accepts rtcp-mux when offered (RFC 5761 §5.1.1)', async () => {
    const { h } = handler();
    await h.setDescription(peerSdp('m=audio 30000 RTP/AVP 0\r\na=rtcp-mux\r\n'));
    expect((await h.getDescription()).body).toContain('a=rtcp-mux\r\n');
    h.close();
  });

  it('the same description again (same o= version, RFC 3264 §8) changes nothing: no answer is due', async () => {
    const { h } = handler();
    await h.getDescription();
    await h.setDescription(peerSdp('m=audio 30000 RTP/AVP 0\r\n')); // the answer in a 183
    await h.setDescription(peerSdp('m=audio 30000 RTP/AVP 0\r\n')); // and again in the 200
    // Had the second been taken for an offer, this would be an answer with the peer's single format.
    expect(parse((await h.getDescription()).body).media[0]!.payloads).toBe('0 8 101');
    h.close();
  });

  it('hasDescription is true for application/sdp only', () => {
    const { h } = handler();
    expect(h.hasDescription('application/sdp')).toBe(true);
    expect(h.hasDescription('Application/SDP; charset=utf-8')).toBe(true);
    expect(h.hasDescription('application/dtmf-relay')).toBe(false);
    h.close();
  });

  it('refuses options that would corrupt the SDP or cannot work, before any call', () => {
    expect(() => handler({ address: 'example.com' })).toThrow(TypeError);
    expect(() => handler({ address: '127.0.0.1\r\na=x' })).toThrow(TypeError);
    expect(() => handler({ portRange: { min: 5000, max: 5000 } })).toThrow(RangeError);
    expect(() => handler({ codecs: [] })).toThrow(TypeError);
    expect(() => handler({ telephoneEventPayloadType: 8 })).toThrow(RangeError);
    expect(() => handler({ rtpTimeout: -1 })).toThrow(RangeError);
  });

  it('sockets bound after the handler closed are closed at once', async () => {
    const sockets = new FakeMediaSockets();
    let bound!: () => void;
    const gate = new Promise<void>((resolve) => (bound = resolve));
    const h = new RtpSessionDescriptionHandler({ clock: new FakeClock(), socketFactory: async (request) => gate.then(() => sockets.factory(request)) });
    const offer = h.getDescription();
    h.close();
    bound();
    await expect(offer).rejects.toThrow(/closed/);
    expect(sockets.closed).toBe(true);
  });

  it('a closed handler makes no description', async () => {
    const { h, sockets } = handler();
    await h.getDescription();
    h.close();
    h.close();
    expect(sockets.closed).toBe(true);
    await expect(h.getDescription()).rejects.toThrow(/closed/);
  });
});
