import { createSocket, type Socket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import SIP from '../../src/node.js';
import type { UA } from '../../src/node.js';
import type { ListenAddress, TransportError } from '../../src/transport/index.js';
import { fakeMediaFactory } from '../support/fake-media-handler.js';
import { freePortBlock } from '../support/free-ports.js';
import { runSipp, SIPP_PORTS, sippLocal, startSipp, waitForListener } from '../support/sipp.js';
import { udpPeer, until } from '../support/wire-peer.js';

// A UA that listens (`listen`) with no server: SIPp calls it and sends it a MESSAGE directly,
// the answers go where RFC 3261 §18.2.2 says, and what the UA sends itself goes to the
// Request-URI's host and port (RFC 3263 §4 without DNS).

const SIPP_DIR = fileURLToPath(new URL('../../conformance/targets/kamailio/sipp/', import.meta.url));
const QUIET = { builtinEnabled: false };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A listening UA on 127.0.0.1 (port 0 unless given), started, once it is bound. */
async function listeningUa(listen = 'udp:127.0.0.1:0', extra: Record<string, unknown> = {}): Promise<{ ua: UA; address: ListenAddress }> {
  const media = fakeMediaFactory({ address: '127.0.0.1' });
  const ua = new SIP.UA({ uri: 'sip:service@127.0.0.1', listen, register: false, log: QUIET, mediaHandlerFactory: media.factory, ...extra });
  cleanups.push(() => ua.stop());
  const address = await new Promise<ListenAddress>((resolve, reject) => {
    ua.once('listening', resolve);
    ua.once('disconnected', ({ error }) => reject(error));
  });
  return { ua, address };
}

/** Answer every call at once and hang up nothing: SIPp's `uac` sends the BYE. */
function answerCalls(ua: UA): { calls: number } {
  const seen = { calls: 0 };
  ua.on('invite', (session) => {
    seen.calls++;
    session.accept();
  });
  return seen;
}

describe('a UA that listens (no server)', () => {
  it('binds the listen address, says so, and takes calls from SIPp uac on it', async () => {
    const { ua, address } = await listeningUa();
    expect(address.protocol).toBe('UDP');
    expect(address.host).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    expect(ua.listenAddress).toEqual(address);
    expect(ua.isConnected()).toBe(true);
    expect(String(ua.contact)).toMatch(new RegExp(`^sip:\\w+@127\\.0\\.0\\.1:${address.port};transport=udp$`));
    const seen = answerCalls(ua);
    const sipp = await freePortBlock(SIPP_PORTS);
    const result = await runSipp(['-sn', 'uac', `127.0.0.1:${address.port}`, ...sippLocal(sipp), '-m', '5', '-r', '10', '-d', '100', '-trace_msg'], 20_000);
    expect(result.code, result.output + result.logs).toBe(0);
    expect(seen.calls).toBe(5);
    // RFC 3261 §12.1.1: the 200's Contact is where SIPp sends its ACK and BYE: the listen address.
    expect(result.logs).toMatch(new RegExp(`Contact: <sip:\\w+@127\\.0\\.0\\.1:${address.port};transport=udp>`));
    expect(Object.keys(ua.sessions)).toHaveLength(0);
  });

  it('takes calls over TCP with a tcp: listen address', async () => {
    const { ua, address } = await listeningUa('tcp:127.0.0.1:0');
    expect(address.protocol).toBe('TCP');
    expect(String(ua.contact)).toMatch(new RegExp(`@127\\.0\\.0\\.1:${address.port};transport=tcp$`));
    const seen = answerCalls(ua);
    const sipp = await freePortBlock(SIPP_PORTS);
    const result = await runSipp(['-sn', 'uac', `127.0.0.1:${address.port}`, ...sippLocal(sipp), '-t', 't1', '-m', '3', '-r', '10', '-d', '100'], 20_000);
    expect(result.code, result.output + result.logs).toBe(0);
    expect(seen.calls).toBe(3);
  });

  it('delivers a MESSAGE from SIPp to the message event and answers it 200', async () => {
    const { ua, address } = await listeningUa();
    const bodies: string[] = [];
    ua.on('message', (message) => bodies.push(message.body));
    const sipp = await freePortBlock(SIPP_PORTS);
    const result = await runSipp(['-sf', `${SIPP_DIR}uac_message.xml`, `127.0.0.1:${address.port}`, '-s', 'service', ...sippLocal(sipp), '-m', '1'], 15_000);
    expect(result.code, result.output + result.logs).toBe(0);
    expect(bodies).toEqual(['hello service from sipp #1\r\n']);
  });

  it('answers to the Via sent-by without rport, to the source port with rport, and records received/rport (RFC 3261 §18.2.2, RFC 3581)', async () => {
    const { address } = await listeningUa();
    const source = await udpPeer();
    const viaTarget = await udpPeer();
    cleanups.push(() => source.close(), () => viaTarget.close());
    const message = (branch: string, via: string): string =>
      [
        'MESSAGE sip:service@127.0.0.1 SIP/2.0',
        `Via: SIP/2.0/UDP ${via};branch=${branch}`,
        'Max-Forwards: 70',
        `From: <sip:peer@127.0.0.1>;tag=${branch}`,
        'To: <sip:service@127.0.0.1>',
        `Call-ID: ${branch}@127.0.0.1`,
        'CSeq: 1 MESSAGE',
        'Content-Type: text/plain',
        'Content-Length: 2',
        '',
        'hi',
      ].join('\r\n');
    // No rport: the response goes to the Via's host and port, not back to the source port.
    await source.send(message('z9hG4bKnorport', `127.0.0.1:${viaTarget.port}`), address.port);
    await until(() => viaTarget.received.length === 1);
    expect(viaTarget.received[0]).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    expect(viaTarget.received[0]).toContain(`Via: SIP/2.0/UDP 127.0.0.1:${viaTarget.port};branch=z9hG4bKnorport\r\n`);
    // rport (and a sent-by that is not the source): back to the source address and port, both recorded in the Via.
    await source.send(message('z9hG4bKrport', `192.0.2.7:${viaTarget.port};rport`), address.port);
    await until(() => source.received.length === 1);
    expect(source.received[0]).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    expect(source.received[0]).toContain(`Via: SIP/2.0/UDP 192.0.2.7:${viaTarget.port};rport=${source.port};branch=z9hG4bKrport;received=127.0.0.1\r\n`);
    expect(viaTarget.received).toHaveLength(1);
  });

  it('sends its own MESSAGE to the Request-URI host and port, with its listen address in Via', async () => {
    const { ua, address } = await listeningUa();
    const sipp = await freePortBlock(SIPP_PORTS);
    const uas = startSipp(['-sf', `${SIPP_DIR}uas_message.xml`, ...sippLocal(sipp), '-m', '1', '-trace_msg'], 15_000);
    cleanups.push(() => uas.kill());
    await waitForListener('UDP', sipp);
    const outcome = await new Promise<string>((resolve) => {
      const context = ua.message(`sip:someone@127.0.0.1:${sipp}`, 'hello sipp');
      context.on('accepted', (response) => resolve(`accepted ${response.status_code}`));
      context.on('failed', (_response, cause) => resolve(`failed ${cause}`));
    });
    expect(outcome).toBe('accepted 200');
    const result = await uas.done;
    expect(result.code, result.output + result.logs).toBe(0);
    expect(result.logs).toContain(`MESSAGE sip:someone@127.0.0.1:${sipp} SIP/2.0`);
    expect(result.logs).toMatch(new RegExp(`Via: SIP/2\\.0/UDP 127\\.0\\.0\\.1:${address.port};branch=z9hG4bK`));
    expect(result.logs).not.toMatch(/^Route:/m);
  });

  it('calls SIPp uas directly and hangs up: INVITE to the Request-URI, ACK and BYE to its Contact', async () => {
    const { ua } = await listeningUa();
    const sipp = await freePortBlock(SIPP_PORTS);
    const uas = startSipp(['-sn', 'uas', ...sippLocal(sipp), '-m', '1'], 15_000);
    cleanups.push(() => uas.kill());
    await waitForListener('UDP', sipp);
    const session = ua.invite(`sip:uas@127.0.0.1:${sipp}`);
    await new Promise<void>((resolve, reject) => {
      session.once('accepted', () => resolve());
      session.once('failed', (_response, cause) => reject(new Error(`call failed: ${cause}`)));
    });
    session.bye();
    const result = await uas.done;
    expect(result.code, result.output + result.logs).toBe(0);
  });

  it('reports a listen address in use as an error naming it (EADDRINUSE), and stays stopped', async () => {
    const holder: Socket = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => holder.close(() => resolve())));
    const port = holder.address().port;
    const ua = new SIP.UA({ uri: 'sip:service@127.0.0.1', listen: `udp:127.0.0.1:${port}`, register: false, log: QUIET, autostart: false });
    cleanups.push(() => ua.stop());
    const failed = new Promise<TransportError | undefined>((resolve) => ua.once('disconnected', ({ error }) => resolve(error)));
    ua.start();
    const error = await failed;
    expect(error?.message).toMatch(/EADDRINUSE/);
    expect(error?.message).toContain(`127.0.0.1:${port}`);
    expect(ua.isConnected()).toBe(false);
    expect(ua.listenAddress).toBeUndefined();
    expect(ua.status).toBe(SIP.UA.C.STATUS_NOT_READY);
    expect(ua.error).toBe(SIP.UA.C.NETWORK_ERROR);
  });

  it('closes the socket on stop()', async () => {
    const { ua, address } = await listeningUa();
    await ua.stop();
    expect(ua.listenAddress).toBeUndefined();
    // The port is free again: another socket can bind it.
    const again = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(address.port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });
});
