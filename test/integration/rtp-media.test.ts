import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Dialog } from '../../src/core/dialog/index.js';
import { OutOfDialogRequestFactory } from '../../src/core/request/index.js';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import { RtpSessionDescriptionHandler, udpMediaSocketFactory, type MediaSocketFactory } from '../../src/session/media/rtp/index.js';
import type { SipResponse } from '../../src/syntax/index.js';
import type { ClientTransactionUser } from '../../src/transaction/index.js';
import { UdpTransport } from '../../src/transport/node.js';
import type { Peer } from '../../src/transport/transport.js';
import { freePortBlock } from '../support/free-ports.js';
import { dominantTone, sinePcm } from '../support/goertzel.js';
import { SIPP_PORTS, sippLocal, startSipp, waitForListener } from '../support/sipp.js';

// The Node RTP handler on real UDP sockets on 127.0.0.1 (issue 8, "Node media"): two handlers
// wired to each other without SIP, and SIPp's UAS echoing our RTP (-rtp_echo).

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** UDP sockets that also count the RTP datagrams arriving on them. */
function countingSockets(): { factory: MediaSocketFactory; received: () => number } {
  let received = 0;
  return {
    received: () => received,
    factory: (request) =>
      udpMediaSocketFactory({
        ...request,
        handlers: {
          rtp: (data, from) => {
            received++;
            request.handlers.rtp(data, from);
          },
          rtcp: request.handlers.rtcp,
        },
      }),
  };
}

function rtpHandler(factory: MediaSocketFactory = udpMediaSocketFactory): RtpSessionDescriptionHandler {
  const handler = new RtpSessionDescriptionHandler({ socketFactory: factory });
  cleanups.push(() => handler.close());
  return handler;
}

/** Offer from `a`, answer from `b`, as a session would carry them in an INVITE and its 200. */
async function connect(a: RtpSessionDescriptionHandler, b: RtpSessionDescriptionHandler, hold = false): Promise<void> {
  await b.setDescription(await a.getDescription({ hold }));
  await a.setDescription(await b.getDescription());
}

/** What `readable` carries from now for `ms`. */
function record(readable: Readable, ms: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer): void => void chunks.push(chunk);
    readable.on('data', onData);
    setTimeout(() => {
      readable.off('data', onData);
      resolve(Buffer.concat(chunks));
    }, ms);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('two RTP handlers on 127.0.0.1', () => {
  it('each hears the other’s tone: 1 kHz one way, 440 Hz the other', async () => {
    const a = rtpHandler();
    const b = rtpHandler();
    await connect(a, b);
    a.audioInput.write(sinePcm(1000, 2000));
    b.audioInput.write(sinePcm(440, 2000));
    await sleep(300);
    const [atA, atB] = await Promise.all([record(a.audioOutput, 1200), record(b.audioOutput, 1200)]);
    // 1.2 s of audio at 8 kHz, give or take the timers of a loaded machine.
    expect(atA.length).toBeGreaterThan(1.0 * 16000);
    expect(atB.length).toBeGreaterThan(1.0 * 16000);
    const heardByA = dominantTone(atA, [440, 1000]);
    const heardByB = dominantTone(atB, [440, 1000]);
    expect(heardByA).toMatchObject({ frequency: 440 });
    expect(heardByB).toMatchObject({ frequency: 1000 });
    expect(heardByA.ratio).toBeGreaterThan(100);
    expect(heardByB.ratio).toBeGreaterThan(100);
    // A sine at half of full scale has power 0.25; G.711 and the odd lost frame take little of it.
    expect(heardByA.power).toBeGreaterThan(0.15);
    expect(heardByB.power).toBeGreaterThan(0.15);
    expect(a.statistics.packetsLost + b.statistics.packetsLost).toBeLessThan(5);
  }, 10_000);

  it('RFC 4733 digits 123# sent by one arrive as dtmf events at the other, in order, once each', async () => {
    const a = rtpHandler();
    const b = rtpHandler();
    await connect(a, b);
    const tones: Array<[string, number]> = [];
    b.on('dtmf', (tone, duration) => tones.push([tone, duration]));
    expect(a.sendDtmf('123#', { duration: 100, interToneGap: 70 })).toBe(true);
    const deadline = Date.now() + 3000;
    while (tones.length < 4 && Date.now() < deadline) await sleep(50);
    await sleep(200); // any duplicate would come now
    expect(tones).toEqual([['1', 100], ['2', 100], ['3', 100], ['#', 100]]);
  }, 10_000);

  it('on hold no RTP is sent either way; after unhold it flows again', async () => {
    const atA = countingSockets();
    const atB = countingSockets();
    const a = rtpHandler(atA.factory);
    const b = rtpHandler(atB.factory);
    await connect(a, b);
    await sleep(200);
    expect(atA.received()).toBeGreaterThan(0);
    expect(atB.received()).toBeGreaterThan(0);

    await connect(a, b, true); // a holds: its offer sendonly, b's answer recvonly
    a.audioInput.write(Buffer.alloc(0)); // a writes nothing: no music on hold
    b.audioInput.write(sinePcm(440, 1500)); // b would talk, but the answer says it only receives
    await sleep(100); // what was in flight lands
    const [fromB, fromA] = [atA.received(), atB.received()];
    await sleep(1000);
    expect(atA.received() - fromB).toBe(0);
    expect(atB.received() - fromA).toBe(0);

    await connect(a, b);
    await sleep(300);
    expect(atA.received() - fromB).toBeGreaterThan(5);
    expect(atB.received() - fromA).toBeGreaterThan(5);
  }, 10_000);
});

describe('SIPp UAS with -rtp_echo', () => {
  it('a 1 kHz tone written to audioInput comes back on audioOutput', async () => {
    const sippPort = await freePortBlock(SIPP_PORTS);
    const sipp = startSipp(['-sn', 'uas', ...sippLocal(sippPort), '-rtp_echo', '-m', '1'], 20_000);
    cleanups.push(() => sipp.kill());
    await waitForListener('UDP', sippPort);

    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    await transport.connect();
    cleanups.push(() => transport.close());
    const core = new UserAgentCore({ transport });
    core.start();
    cleanups.push(() => core.close());
    const media = rtpHandler();
    const target: Peer = { protocol: 'UDP', host: '127.0.0.1', port: sippPort };
    const requests = new OutOfDialogRequestFactory({ transport, rport: true, contact: `<sip:probe@127.0.0.1:${transport.viaPort}>` });
    const offer = await media.getDescription();
    const invite = requests.create({
      method: 'INVITE',
      requestUri: `sip:echo@127.0.0.1:${sippPort}`,
      to: `sip:echo@127.0.0.1:${sippPort}`,
      from: 'sip:probe@127.0.0.1',
      body: offer.body,
      contentType: offer.contentType,
    });

    // RFC 3261 §13.2.2.4: ACK every 2xx; the answer in the first one is applied.
    const answered = new Promise<Dialog>((resolve, reject) => {
      let dialog: Dialog | undefined;
      const user: ClientTransactionUser = {
        onResponse: (response: SipResponse) => {
          if (response.status < 200) return;
          if (response.status >= 300) return reject(new Error(`INVITE got ${response.status}`));
          if (dialog === undefined) {
            dialog = Dialog.fromUac(invite, response, { transport });
            media.setDescription({ body: response.bodyText, contentType: response.rawHeader('Content-Type') ?? '' }).then(() => resolve(dialog!), reject);
          }
          void core.sendAck(dialog.createAck(invite.cseq.seq), target);
        },
        onTimeout: () => reject(new Error('INVITE timed out')),
        onTransportError: reject,
      };
      core.send(invite, target, user);
    });
    const dialog = await answered;

    media.audioInput.write(sinePcm(1000, 2500));
    await sleep(500);
    const echoed = await record(media.audioOutput, 1500);
    expect(echoed.length).toBeGreaterThan(1.2 * 16000);
    const tone = dominantTone(echoed, [1000, 440, 700, 1400, 2000]);
    expect(tone).toMatchObject({ frequency: 1000 });
    expect(tone.ratio).toBeGreaterThan(100);
    expect(tone.power).toBeGreaterThan(0.15);

    const byeStatus = await new Promise<number>((resolve, reject) => {
      core.send(dialog.createRequest('BYE'), target, {
        onResponse: (response) => response.status >= 200 && resolve(response.status),
        onTimeout: () => reject(new Error('BYE timed out')),
        onTransportError: reject,
      });
    });
    expect(byeStatus).toBe(200);
    media.close();
    const result = await sipp.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
  }, 25_000);
});
