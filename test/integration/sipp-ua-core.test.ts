import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Dialog } from '../../src/core/dialog/index.js';
import { OutOfDialogRequestFactory } from '../../src/core/request/index.js';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import type { SipResponse } from '../../src/syntax/index.js';
import type { ClientTransactionUser } from '../../src/transaction/index.js';
import { TcpTransport, UdpTransport } from '../../src/transport/node.js';
import type { Peer, Transport } from '../../src/transport/transport.js';
import { freePortBlock } from '../support/free-ports.js';
import { runSipp, SIPP_PORTS, sippLocal, startSipp, waitForListener } from '../support/sipp.js';

const UAS_SCENARIO = fileURLToPath(new URL('../../conformance/sipp/uas-answer.xml', import.meta.url));

// SIPp's built-in scenarios against a sipforge UA core on 127.0.0.1, with and without 10 %
// simulated packet loss: every call must complete, which on UDP takes the retransmission
// timers of both sides (RFC 3261 §17, §13.3.1.4).

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n';
const CALLS = 10;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(protocol: "UDP" | "TCP"): Promise<UdpTransport | TcpTransport> {
  const transport = protocol === 'UDP' ? new UdpTransport({ host: '127.0.0.1', port: 0 }) : new TcpTransport({ host: '127.0.0.1', port: 0 });
  await transport.connect();
  cleanups.push(() => transport.close());
  return transport;
}

/** A UAS that answers every INVITE 180 then 200 with SDP, and BYE with 200 (RFC 3261 §13.3, §15.1.2). */
function answeringUas(transport: Transport): { core: UserAgentCore; calls: () => number; invites: () => number; log: string[] } {
  const log: string[] = [];
  const core = new UserAgentCore({ transport, logger: { debug: (m) => log.push(m), warn: (m) => log.push(m) } });
  transport.on('message', (m) => log.push('status' in m ? `in ${m.status} ${m.callId}` : `in ${m.method} ${m.callId}`));
  let completed = 0;
  let invites = 0;
  core.handle('INVITE', (incoming) => {
    invites++;
    const dialog = Dialog.fromUas(incoming.request, incoming.localTag, { transport });
    core.addDialog(dialog);
    core.respond(incoming, 180);
    core.respond(incoming, 200, { body: SDP, contentType: 'application/sdp', headers: [['Contact', `<sip:uas@127.0.0.1:${transport.viaPort}>`]] });
  });
  core.handle('BYE', (incoming) => {
    core.respond(incoming, 200);
    if (incoming.dialog) core.endDialog(incoming.dialog);
    completed++;
  });
  core.start();
  cleanups.push(() => core.close());
  return { core, calls: () => completed, invites: () => invites, log };
}

// How long each call lasts before its BYE. Under SIPp's -lost, SIPp may drop our ACK and then
// waits for it again, retransmitting its 200, which we ACK again (RFC 3261 §13.2.2.4); a BYE
// that overtook that exchange would be an unexpected message to SIPp's scenario.
const HOLD_MS = 4000;

/** One call from a sipforge UAC: INVITE, ACK every 2xx, hold, BYE, wait for its final response. */
function call(core: UserAgentCore, transport: Transport, target: Peer, index: number): Promise<number> {
  const factory = new OutOfDialogRequestFactory({
    transport,
    rport: true,
    contact: `<sip:uac@127.0.0.1:${transport.viaPort}>`,
  });
  const invite = factory.create({
    method: 'INVITE',
    requestUri: `sip:service@127.0.0.1:${target.port}`,
    to: `sip:service@127.0.0.1:${target.port}`,
    from: `sip:uac${index}@127.0.0.1`,
    body: SDP,
    contentType: 'application/sdp',
  });
  return new Promise((resolve, reject) => {
    let dialog: Dialog | undefined;
    let ack: ReturnType<Dialog['createAck']> | undefined;
    const byeUser: ClientTransactionUser = {
      onResponse: (response) => {
        if (response.status >= 200) resolve(response.status);
      },
      onTimeout: () => reject(new Error(`call ${index}: BYE timed out`)),
      onTransportError: (error) => reject(error),
    };
    const inviteUser: ClientTransactionUser = {
      onResponse: (response: SipResponse) => {
        if (response.status < 200) return;
        if (response.status >= 300) {
          reject(new Error(`call ${index}: INVITE got ${response.status}`));
          return;
        }
        // RFC 3261 §13.2.2.4: every 2xx (retransmissions too) is acknowledged, the same ACK each time.
        if (dialog === undefined) {
          dialog = Dialog.fromUac(invite, response, { transport });
          ack = dialog.createAck(invite.cseq.seq);
          void core.sendAck(ack, target);
          const bye = dialog.createRequest('BYE');
          setTimeout(() => core.send(bye, target, byeUser), HOLD_MS);
        } else if (ack) {
          void core.sendAck(ack, target);
        }
      },
      onTimeout: () => reject(new Error(`call ${index}: INVITE timed out`)),
      onTransportError: (error) => reject(error),
    };
    core.send(invite, target, inviteUser);
  });
}

describe.each([
  { protocol: 'UDP' as const, sippTransport: 'u1', loss: 0 },
  { protocol: 'UDP' as const, sippTransport: 'u1', loss: 10 },
  { protocol: 'TCP' as const, sippTransport: 't1', loss: 0 },
])('SIPp ⇄ sipforge UA core over $protocol, $loss % loss', ({ protocol, sippTransport, loss }) => {
  const lossArgs = loss > 0 ? ['-lost', String(loss)] : [];

  it('SIPp uac calls a sipforge UAS: every call completes', async () => {
    const transport = await listen(protocol);
    const uas = answeringUas(transport);
    const sippPort = await freePortBlock(SIPP_PORTS);
    const result = await runSipp(
      ['-sn', 'uac', `127.0.0.1:${transport.localPort!}`, ...sippLocal(sippPort), '-t', sippTransport, '-m', String(CALLS), '-r', '10', '-d', '100', '-trace_msg', ...lossArgs],
      40_000,
    );
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
    const diagnostics = `${uas.log.join('\n')}\n${result.logs}`;
    expect(uas.invites(), diagnostics).toBe(CALLS);
    // Under -lost SIPp drops some of its own ACKs and BYEs and still counts the call: once in
    // about twenty runs a call's ACK and BYE never left SIPp, yet it exited 0. So with loss
    // the UAS side checks that every call reached it; without loss, that every call ended.
    if (loss === 0) expect(uas.calls(), diagnostics).toBe(CALLS);
  }, 45_000);

  it('a sipforge UAC calls SIPp uas: every call completes', async () => {
    // SIPp's built-in uas when nothing is lost; with loss our scenario, whose per-message `lost`
    // attributes drop 10 % of what SIPp can lose without aborting the call itself (see the file).
    const scenario = loss > 0 ? ['-sf', UAS_SCENARIO] : ['-sn', 'uas'];
    const sippPort = await freePortBlock(SIPP_PORTS);
    const sipp = startSipp([...scenario, ...sippLocal(sippPort), '-t', sippTransport, '-m', String(CALLS), '-trace_msg'], 40_000);
    cleanups.push(() => sipp.kill());
    await waitForListener(protocol, sippPort);
    const transport = await listen(protocol);
    const core = new UserAgentCore({ transport });
    core.start();
    cleanups.push(() => core.close());
    const log: string[] = [];
    (transport as Transport).on('message', (m) => log.push(`${Date.now() % 100000} in ${'status' in m ? m.status : m.method} ${m.callId}`));
    const target: Peer = { protocol, host: '127.0.0.1', port: sippPort };
    const statuses: number[] = [];
    try {
      // Concurrent calls, as a UA with several sessions makes them.
      statuses.push(...(await Promise.all(Array.from({ length: CALLS }, (_, i) => call(core, transport, target, i)))));
    } catch (error) {
      await sipp.kill();
      const result = await sipp.done;
      throw new Error(`${String(error)}\n${log.join('\n')}\n${result.output}\n${result.logs}`);
    }
    expect(statuses).toEqual(Array(CALLS).fill(200));
    const result = await sipp.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
  }, 45_000);
});
