import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rtpSessionDescriptionHandlerFactory, type InviteClientContext, type InviteClientContextOptions, type InviteServerContext, type LegacyRequest, type LegacyResponse, type NodeUA, type ReceivedDtmf } from '../../src/node.js';
import { freePortBlock } from '../support/free-ports.js';
import { dominantTone, sinePcm } from '../support/goertzel.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { KamailioUsers, nextEvent } from '../support/kamailio-uas.js';
import { sleep } from '../support/poll.js';
import { capturePcm, rtpMedia, udpPortFree } from '../support/rtp-call.js';
import { runSipp, SIPP_PORTS, sippLocal, startSipp, type SippProcess } from '../support/sipp.js';
import { requestsOf, responsesOf, scenario, tracedUa, until, type Wire } from '../support/traced-ua.js';

// Calls with real audio through Kamailio (issue 8, "Node media"), driven only by the public `SIP.UA`
// API of `sipforge/node`, whose calls get the RTP media handler by default: RTP/AVP G.711 on UDP
// (RFC 3550, RFC 3551), RFC 4733 telephone-events, hold honoured in the media (RFC 3264 §8.4).
// Kamailio relays only the signalling; RTP goes straight between the SDP's addresses on 127.0.0.1.

let kamailio: RunningKamailio;
const users = new KamailioUsers(() => kamailio);
const running: SippProcess[] = [];

beforeAll(async () => {
  kamailio = await startKamailio();
}, 20_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((sipp) => sipp.kill()));
  await users.stopAll();
}, 20_000);

afterAll(async () => {
  await kamailio?.stop();
});

/** A harness user's UA with `sipforge/node`'s own media (no `mediaHandlerFactory` named), its SIP traced. */
function nodeUa(user: string, options: Record<string, unknown> = {}): { ua: NodeUA; wire: Wire } {
  const { ua, wire } = tracedUa(users, user, { mediaHandlerFactory: undefined, ...options });
  return { ua, wire };
}

/** The tones the tests look for, and a few others a wrong stream would show. */
const CANDIDATES = [440, 697, 1000, 1209, 2000];

describe('a Node UA calls a SIPp UAS with -rtp_echo through Kamailio', () => {
  it('a 1 kHz tone written to audioInput comes back on audioOutput; BYE closes the media and frees its ports', async () => {
    const port = await freePortBlock(SIPP_PORTS);
    const local = sippLocal(port);
    const registration = await runSipp(['-sf', scenario('register.xml'), `127.0.0.1:${kamailio.ports.sip}`, '-s', 'u801', '-au', 'u801', '-ap', 'secret', '-m', '1', ...local], 15_000);
    expect(registration.code, registration.output).toBe(0);
    const uas = startSipp(['-sf', scenario('uas.xml'), '-s', 'u801', '-m', '1', '-rtp_echo', ...local], 30_000);
    running.push(uas);

    const { ua } = nodeUa('alice');
    ua.start();
    await nextEvent(ua, 'connected');
    const call = ua.invite('u801@example.test');
    await nextEvent(call, 'accepted');
    const media = rtpMedia(call);
    const rtpPort = media.rtpPort!;

    media.audioInput.write(sinePcm(1000, 2500));
    await sleep(500);
    const echoed = await capturePcm(media.audioOutput, 1500);
    // 1.5 s of audio at 8 kHz, give or take the timers of a loaded machine.
    expect(echoed.length).toBeGreaterThan(1.2 * 16000);
    const tone = dominantTone(echoed, CANDIDATES);
    expect(tone).toMatchObject({ frequency: 1000 });
    expect(tone.ratio).toBeGreaterThan(100);
    // A sine at half of full scale has power 0.25; G.711 both ways takes little of it.
    expect(tone.power).toBeGreaterThan(0.15);
    expect(media.statistics.packetsReceived).toBeGreaterThan(50);

    const terminated = nextEvent(call, 'terminated');
    call.bye();
    await terminated;
    expect(media.audioInput.destroyed).toBe(true);
    expect(await udpPortFree(rtpPort)).toBe(true);
    expect(await udpPortFree(rtpPort + 1)).toBe(true);
    const result = await uas.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
  }, 40_000);
});

describe('SIPp (-rtp_echo) calls a Node UA registered through Kamailio', () => {
  it('bob answers with the RTP handler: his 1 kHz tone comes back; the caller’s BYE closes his media', async () => {
    const { ua: bob } = nodeUa('bob', { register: true });
    const registered = nextEvent(bob, 'registered');
    bob.start();
    await registered;
    const answered = new Promise<{ callee: InviteServerContext; echoed: Promise<Buffer> }>((resolve) => {
      bob.once('invite', (callee) => {
        callee.accept();
        const media = rtpMedia(callee);
        media.audioInput.write(sinePcm(1000, 2000));
        // The echo has come back by then (twice the loopback hop and two jitter buffers).
        const echoed = sleep(500).then(() => capturePcm(media.audioOutput, 1200));
        resolve({ callee, echoed });
      });
    });

    const port = await freePortBlock(SIPP_PORTS);
    const caller = startSipp(['-sf', scenario('uac_call.xml'), `127.0.0.1:${kamailio.ports.sip}`, '-s', 'bob', '-d', '2500', '-m', '1', '-rtp_echo', ...sippLocal(port)], 30_000);
    running.push(caller);
    const { callee, echoed } = await answered;
    const terminated = nextEvent(callee, 'terminated', 15_000);
    const tone = dominantTone(await echoed, CANDIDATES);
    expect(tone).toMatchObject({ frequency: 1000 });
    expect(tone.ratio).toBeGreaterThan(100);
    expect(tone.power).toBeGreaterThan(0.15);
    const media = rtpMedia(callee);
    const rtpPort = media.rtpPort!;
    await terminated;
    expect(media.audioInput.destroyed).toBe(true);
    expect(await udpPortFree(rtpPort)).toBe(true);
    const result = await caller.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
  }, 40_000);
});

describe('a Node UA calls a SIPp UAS that sends no RTP', () => {
  it('with rtpTimeout 1 the call ends after about a second: BYE to SIPp, terminated with RTP Timeout', async () => {
    const port = await freePortBlock(SIPP_PORTS);
    const local = sippLocal(port);
    const registration = await runSipp(['-sf', scenario('register.xml'), `127.0.0.1:${kamailio.ports.sip}`, '-s', 'u802', '-au', 'u802', '-ap', 'secret', '-m', '1', ...local], 15_000);
    expect(registration.code, registration.output).toBe(0);
    // uas.xml without -rtp_echo: SIPp answers with SDP but sends no RTP.
    const uas = startSipp(['-sf', scenario('uas.xml'), '-s', 'u802', '-m', '1', ...local], 30_000);
    running.push(uas);

    const { ua, wire } = nodeUa('alice', { mediaHandlerFactory: rtpSessionDescriptionHandlerFactory({ rtpTimeout: 1 }) });
    ua.start();
    await nextEvent(ua, 'connected');
    const call = ua.invite('u802@example.test');
    const timeouts: number[] = [];
    call.on('accepted', () => rtpMedia(call).on('rtpTimeout', () => timeouts.push(Date.now())));
    const [ok] = await nextEvent<[LegacyResponse]>(call, 'accepted');
    const answeredAt = Date.now();
    const [message, cause] = await nextEvent<[unknown, string | undefined]>(call, 'terminated', 5000);
    const lasted = Date.now() - answeredAt;
    expect([message, cause]).toEqual([undefined, 'RTP Timeout']);
    expect(timeouts).toHaveLength(1);
    expect(lasted).toBeGreaterThanOrEqual(950);
    expect(lasted).toBeLessThan(2500);
    expect(requestsOf(wire.sent, 'BYE', ok.call_id)).toHaveLength(1);
    const result = await uas.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
  }, 40_000);
});

describe('two Node UAs registered through Kamailio call each other', () => {
  /** alice calls bob (both registered, RFC 4733 DTMF asked for); resolves once bob has the ACK. */
  async function call(inviteOptions: InviteClientContextOptions = {}): Promise<{ alice: NodeUA; bob: NodeUA; aliceWire: Wire; bobWire: Wire; caller: InviteClientContext; callee: InviteServerContext }> {
    const { ua: alice, wire: aliceWire } = nodeUa('alice', { register: true, dtmfType: 'rtp' });
    const { ua: bob, wire: bobWire } = nodeUa('bob', { register: true, dtmfType: 'rtp' });
    const registered = [nextEvent(alice, 'registered'), nextEvent(bob, 'registered')];
    alice.start();
    bob.start();
    await Promise.all(registered);
    const invited = nextEvent<[InviteServerContext]>(bob, 'invite');
    const caller = alice.invite('bob@example.test', inviteOptions);
    const [callee] = await invited;
    const confirmed = nextEvent(callee, 'confirmed');
    const accepted = nextEvent(caller, 'accepted');
    callee.accept();
    await Promise.all([accepted, confirmed]);
    return { alice, bob, aliceWire, bobWire, caller, callee };
  }

  it('each hears the other’s tone (697 Hz one way, 1209 Hz the other), and not its own', async () => {
    const { caller, callee } = await call();
    const atAlice = rtpMedia(caller);
    const atBob = rtpMedia(callee);
    atAlice.audioInput.write(sinePcm(697, 2000));
    atBob.audioInput.write(sinePcm(1209, 2000));
    await sleep(300);
    const [heardByAlice, heardByBob] = await Promise.all([capturePcm(atAlice.audioOutput, 1200), capturePcm(atBob.audioOutput, 1200)]);
    expect(heardByAlice.length).toBeGreaterThan(1.0 * 16000);
    expect(heardByBob.length).toBeGreaterThan(1.0 * 16000);
    const alices = dominantTone(heardByAlice, CANDIDATES);
    const bobs = dominantTone(heardByBob, CANDIDATES);
    expect(alices).toMatchObject({ frequency: 1209 });
    expect(bobs).toMatchObject({ frequency: 697 });
    // The other's frequency is absent: every other candidate, its own included, is >100 times weaker.
    expect(alices.ratio).toBeGreaterThan(100);
    expect(bobs.ratio).toBeGreaterThan(100);
    expect(alices.power).toBeGreaterThan(0.15);
    expect(bobs.power).toBeGreaterThan(0.15);
    caller.bye();
  }, 40_000);

  it('dtmfType rtp: 123# sent by each arrive at the other as dtmf events (null request), in order, once each, and no INFO goes', async () => {
    const { aliceWire, bobWire, caller, callee } = await call();
    const atBob: ReceivedDtmf[] = [];
    const atAlice: ReceivedDtmf[] = [];
    const requests: Array<LegacyRequest | null> = [];
    callee.on('dtmf', (request, dtmf) => {
      requests.push(request);
      atBob.push(dtmf);
    });
    caller.on('dtmf', (request, dtmf) => {
      requests.push(request);
      atAlice.push(dtmf);
    });
    caller.dtmf('123#', { duration: 100, interToneGap: 70 });
    await until(() => atBob.length >= 4, 5000, 'four digits at bob');
    callee.dtmf('#321', { duration: 120, interToneGap: 60 });
    await until(() => atAlice.length >= 4, 5000, 'four digits at alice');
    await sleep(300); // a duplicate (an end packet repeated, RFC 4733 §2.5.1.4) would show now
    expect(atBob).toEqual(['1', '2', '3', '#'].map((tone) => ({ tone, duration: 100, direction: 'incoming' })));
    expect(atAlice).toEqual(['#', '3', '2', '1'].map((tone) => ({ tone, duration: 120, direction: 'incoming' })));
    expect(requests).toEqual(Array(8).fill(null));
    const callId = caller.request.call_id;
    expect(requestsOf(aliceWire.sent, 'INFO', callId)).toEqual([]);
    expect(requestsOf(bobWire.sent, 'INFO', callId)).toEqual([]);
    caller.bye();
  }, 40_000);

  it('on hold no RTP goes either way, whatever the held side writes; after unhold it flows again', async () => {
    const { aliceWire, caller, callee } = await call();
    const callId = caller.request.call_id;
    const atAlice = rtpMedia(caller);
    const atBob = rtpMedia(callee);
    await sleep(300);
    expect(atAlice.statistics.packetsSent).toBeGreaterThan(5);
    expect(atBob.statistics.packetsSent).toBeGreaterThan(5);

    const held = nextEvent<[{ originator: string }]>(callee, 'hold');
    caller.hold();
    const [{ originator }] = await held;
    expect(originator).toBe('remote');
    // The re-INVITE's 200 is answered and ACKed: both handlers applied the sendonly/recvonly exchange.
    const reinviteAcked = (): boolean => {
      const reinvite = requestsOf(aliceWire.sent, 'INVITE', callId).find((r) => r.to.tag !== undefined);
      return reinvite !== undefined && requestsOf(aliceWire.sent, 'ACK', callId).some((ack) => ack.cseq.seq === reinvite.cseq.seq);
    };
    await until(reinviteAcked, 5000, 'the hold re-INVITE ACKed');
    // bob talks into the held call; alice, the holder, writes nothing (no music on hold).
    atBob.audioInput.write(sinePcm(1209, 2000));
    await sleep(200); // what was in flight lands
    const before = { aliceSent: atAlice.statistics.packetsSent, bobSent: atBob.statistics.packetsSent, aliceGot: atAlice.statistics.packetsReceived, bobGot: atBob.statistics.packetsReceived };
    await sleep(1000);
    expect(atAlice.statistics.packetsSent - before.aliceSent).toBe(0);
    expect(atBob.statistics.packetsSent - before.bobSent).toBe(0);
    expect(atAlice.statistics.packetsReceived - before.aliceGot).toBe(0);
    expect(atBob.statistics.packetsReceived - before.bobGot).toBe(0);
    expect(callee.isOnHold()).toEqual({ local: false, remote: true });

    const unheld = nextEvent(callee, 'unhold');
    caller.unhold();
    await unheld;
    await sleep(500);
    expect(atAlice.statistics.packetsSent - before.aliceSent).toBeGreaterThan(10);
    expect(atBob.statistics.packetsSent - before.bobSent).toBeGreaterThan(10);
    expect(atAlice.statistics.packetsReceived - before.aliceGot).toBeGreaterThan(10);
    expect(atBob.statistics.packetsReceived - before.bobGot).toBeGreaterThan(10);
    caller.bye();
  }, 40_000);

  it('the callee holds, then both hold (inactive), then each takes it back: RTP follows every step (RFC 3264 §8.4)', async () => {
    const { caller, callee } = await call();
    const atAlice = rtpMedia(caller);
    const atBob = rtpMedia(callee);
    /** Packets each side sends over 800 ms, once the step's re-INVITE has settled; both sides write a tone meanwhile. */
    const sentDuringStep = async (): Promise<[number, number]> => {
      await sleep(400);
      atAlice.audioInput.write(sinePcm(697, 1000));
      atBob.audioInput.write(sinePcm(1209, 1000));
      await sleep(100);
      const before = [atAlice.statistics.packetsSent, atBob.statistics.packetsSent];
      await sleep(800);
      return [atAlice.statistics.packetsSent - before[0]!, atBob.statistics.packetsSent - before[1]!];
    };
    const step = async (act: () => void, at: InviteClientContext | InviteServerContext, event: 'hold' | 'unhold'): Promise<void> => {
      const seen = nextEvent(at, event);
      act();
      await seen;
    };

    // bob holds (sendonly): alice (recvonly) sends nothing; bob sends what he writes (music on hold).
    await step(() => callee.hold(), caller, 'hold');
    const [aliceHeld, bobHolding] = await sentDuringStep();
    expect(aliceHeld).toBe(0);
    expect(bobHolding).toBeGreaterThan(20);
    expect([caller.isOnHold(), callee.isOnHold()]).toEqual([{ local: false, remote: true }, { local: true, remote: false }]);

    // alice holds too: her offer is inactive (the peer already holds), and nothing goes either way.
    await step(() => caller.hold(), callee, 'hold');
    expect(await sentDuringStep()).toEqual([0, 0]);
    expect([caller.isOnHold(), callee.isOnHold()]).toEqual([{ local: true, remote: true }, { local: true, remote: true }]);

    // alice takes it back, bob still holds: as in the first step.
    await step(() => caller.unhold(), callee, 'unhold');
    const [aliceStillHeld] = await sentDuringStep();
    expect(aliceStillHeld).toBe(0);

    // bob takes it back: both send again, and hear each other.
    await step(() => callee.unhold(), caller, 'unhold');
    const [aliceSends, bobSends] = await sentDuringStep();
    expect(aliceSends).toBeGreaterThan(20);
    expect(bobSends).toBeGreaterThan(20);
    atAlice.audioInput.write(sinePcm(697, 1000));
    atBob.audioInput.write(sinePcm(1209, 1000));
    await sleep(200);
    const [heardByAlice, heardByBob] = await Promise.all([capturePcm(atAlice.audioOutput, 600), capturePcm(atBob.audioOutput, 600)]);
    expect(dominantTone(heardByAlice, CANDIDATES).frequency).toBe(1209);
    expect(dominantTone(heardByBob, CANDIDATES).frequency).toBe(697);
    caller.bye();
  }, 40_000);

  it('mute({ audio: true }) sends silence in place of what is written, unmute() lets it through again', async () => {
    const { caller, callee } = await call();
    const atAlice = rtpMedia(caller);
    const atBob = rtpMedia(callee);
    const muted = nextEvent<[{ audio: boolean; video: boolean }]>(caller, 'muted');
    caller.mute({ audio: true });
    expect((await muted)[0]).toEqual({ audio: true, video: false });
    atAlice.audioInput.write(sinePcm(697, 1200));
    await sleep(300);
    const sentBefore = atAlice.statistics.packetsSent;
    const silence = await capturePcm(atBob.audioOutput, 700);
    // The stream goes on (silence keeps it and any NAT binding alive), the tone does not.
    expect(atAlice.statistics.packetsSent - sentBefore).toBeGreaterThan(20);
    expect(dominantTone(silence, CANDIDATES).power).toBeLessThan(0.001);
    await sleep(400); // what was written while muted is gone
    caller.unmute();
    atAlice.audioInput.write(sinePcm(697, 1200));
    await sleep(300);
    const tone = dominantTone(await capturePcm(atBob.audioOutput, 700), CANDIDATES);
    expect(tone.frequency).toBe(697);
    expect(tone.power).toBeGreaterThan(0.15);
    caller.bye();
  }, 40_000);

  it('inviteWithoutSdp: bob offers in his 200, alice answers in the ACK, and each hears the other', async () => {
    const { aliceWire, caller, callee } = await call({ inviteWithoutSdp: true });
    const callId = caller.request.call_id;
    expect(requestsOf(aliceWire.sent, 'INVITE', callId).at(-1)!.bodyText).toBe('');
    expect(requestsOf(aliceWire.sent, 'ACK', callId).at(-1)!.bodyText).toMatch(/^m=audio \d+ RTP\/AVP 0 8 101\r$/m);
    const atAlice = rtpMedia(caller);
    const atBob = rtpMedia(callee);
    atAlice.audioInput.write(sinePcm(697, 1500));
    atBob.audioInput.write(sinePcm(1209, 1500));
    await sleep(300);
    const [heardByAlice, heardByBob] = await Promise.all([capturePcm(atAlice.audioOutput, 800), capturePcm(atBob.audioOutput, 800)]);
    expect(dominantTone(heardByAlice, CANDIDATES)).toMatchObject({ frequency: 1209 });
    expect(dominantTone(heardByBob, CANDIDATES)).toMatchObject({ frequency: 697 });
    caller.bye();
  }, 40_000);

  it('the callee’s BYE ends the media on both sides: streams closed, RTP and RTCP ports released', async () => {
    const { caller, callee } = await call();
    const atAlice = rtpMedia(caller);
    const atBob = rtpMedia(callee);
    const ports = [atAlice.rtpPort!, atAlice.rtpPort! + 1, atBob.rtpPort!, atBob.rtpPort! + 1];
    for (const port of ports) expect(await udpPortFree(port)).toBe(false);
    const ended = [nextEvent(caller, 'terminated'), nextEvent(callee, 'terminated')];
    const outputsEnded = [atAlice, atBob].map((media) => new Promise<void>((resolve) => media.audioOutput.once('end', () => resolve())));
    for (const media of [atAlice, atBob]) media.audioOutput.resume();
    callee.bye();
    await Promise.all(ended);
    await Promise.all(outputsEnded);
    expect(atAlice.audioInput.destroyed).toBe(true);
    expect(atBob.audioInput.destroyed).toBe(true);
    for (const port of ports) expect(await udpPortFree(port)).toBe(true);
    const sent = [atAlice.statistics.packetsSent, atBob.statistics.packetsSent];
    await sleep(200);
    expect([atAlice.statistics.packetsSent, atBob.statistics.packetsSent]).toEqual(sent);
  }, 40_000);
});

describe('RTP options of a UA and of one call', () => {
  /** Two consecutive free ports starting on an even one (RTP, RTCP: RFC 3550 §11). */
  async function portPair(): Promise<number> {
    const base = await freePortBlock(3);
    return base + (base % 2);
  }
  const mLine = (body: string): string => /^m=audio .*$/m.exec(body)![0]!.trim();

  it('incoming calls use the UA’s mediaHandlerFactory, an outgoing one the factory named by ua.invite(); other calls keep the default', async () => {
    const [alicePort, bobPort] = [await portPair(), await portPair()];
    const { ua: alice, wire: aliceWire } = nodeUa('alice', { register: true, dtmfType: 'rtp' });
    const { ua: bob, wire: bobWire } = nodeUa('bob', {
      register: true,
      mediaHandlerFactory: rtpSessionDescriptionHandlerFactory({ portRange: { min: bobPort, max: bobPort + 1 }, codecs: ['PCMA'], telephoneEventPayloadType: false }),
    });
    const registered = [nextEvent(alice, 'registered'), nextEvent(bob, 'registered')];
    alice.start();
    bob.start();
    await Promise.all(registered);

    const invited = nextEvent<[InviteServerContext]>(bob, 'invite');
    const caller = alice.invite('bob@example.test', {
      mediaHandlerFactory: rtpSessionDescriptionHandlerFactory({ portRange: { min: alicePort, max: alicePort + 1 }, codecs: ['PCMA', 'PCMU'] }),
    });
    const [callee] = await invited;
    const accepted = nextEvent(caller, 'accepted');
    callee.accept();
    await accepted;
    const callId = caller.request.call_id;
    const offer = requestsOf(aliceWire.sent, 'INVITE', callId).at(-1)!;
    const answer = responsesOf(bobWire.sent, 'INVITE', callId).find((r) => r.status === 200)!;
    expect(mLine(offer.bodyText)).toBe(`m=audio ${alicePort} RTP/AVP 8 0 101`);
    expect(mLine(answer.bodyText)).toBe(`m=audio ${bobPort} RTP/AVP 8`);
    const [atAlice, atBob] = [rtpMedia(caller), rtpMedia(callee)];
    expect([atAlice.rtpPort, atBob.rtpPort]).toEqual([alicePort, bobPort]);

    // PCMA both ways carries the tones.
    atAlice.audioInput.write(sinePcm(440, 1500));
    atBob.audioInput.write(sinePcm(1000, 1500));
    await sleep(300);
    const [heardByAlice, heardByBob] = await Promise.all([capturePcm(atAlice.audioOutput, 800), capturePcm(atBob.audioOutput, 800)]);
    expect(dominantTone(heardByAlice, CANDIDATES)).toMatchObject({ frequency: 1000 });
    expect(dominantTone(heardByBob, CANDIDATES)).toMatchObject({ frequency: 440 });

    // No telephone-event was negotiated: alice's digits go by INFO although she asked for RTP.
    const digits: Array<[string, boolean]> = [];
    callee.on('dtmf', (request, dtmf) => digits.push([dtmf.tone, request !== null]));
    caller.dtmf('12', { duration: 100, interToneGap: 70 });
    await until(() => digits.length === 2, 5000, 'two digits at bob');
    expect(digits).toEqual([['1', true], ['2', true]]);
    expect(requestsOf(aliceWire.sent, 'INFO', callId)).toHaveLength(2);
    const ended = nextEvent(callee, 'terminated');
    caller.bye();
    await ended;

    // alice's next call names no factory: her UA's default (sipforge/node's RTP handler, its defaults).
    const again = nextEvent<[InviteServerContext]>(bob, 'invite');
    const second = alice.invite('bob@example.test');
    const [secondCallee] = await again;
    const secondOffer = requestsOf(aliceWire.sent, 'INVITE', second.request.call_id).at(-1)!;
    const port = Number(/^m=audio (\d+) /m.exec(secondOffer.bodyText)![1]);
    expect(mLine(secondOffer.bodyText)).toBe(`m=audio ${port} RTP/AVP 0 8 101`);
    expect(port).toBeGreaterThanOrEqual(10000);
    expect(port).toBeLessThanOrEqual(20000);
    expect(rtpMedia(second).rtpPort).toBe(port);
    secondCallee.reject();
    await nextEvent(second, 'failed');
  }, 40_000);
});
