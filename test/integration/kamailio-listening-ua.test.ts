import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InviteServerContext, LegacyResponse } from '../../src/api/index.js';
import { freePortBlock } from '../support/free-ports.js';
import { useKamailio } from '../support/kamailio-harness.js';
import { nextEvent } from '../support/kamailio-uas.js';
import { runSipp, SIPP_PORTS, sippLocal } from '../support/sipp.js';

// A UA with both a server and `listen`: it registers through Kamailio over UDP, the Contact it
// registers is its listen address, so Kamailio delivers a call for the AOR straight to that socket
// (R-URI = the registered Contact), and the call's ACK and BYE follow Kamailio's Record-Route there.

const UAC_CALL = fileURLToPath(new URL('../../conformance/targets/kamailio/sipp/uac_call.xml', import.meta.url));
const harness = useKamailio();

describe('a UA with a server and a listen address', () => {
  it('registers its listen address through the server and takes a call for its AOR on it', async () => {
    const base = await freePortBlock(1 + SIPP_PORTS);
    const listen = `udp:127.0.0.1:${base}`;
    const alice = harness.users.make('alice', { wsServers: `udp:127.0.0.1:${harness.kamailio().ports.sip}`, listen, register: true });
    const listening = nextEvent(alice, 'listening');
    const registered = nextEvent<[LegacyResponse]>(alice, 'registered');
    alice.start();
    await listening;
    const [response] = await registered;
    expect(response.status_code).toBe(200);
    expect(response.getHeader('Contact')).toContain(`@127.0.0.1:${base};transport=udp`);
    expect(alice.listenAddress).toEqual({ protocol: 'UDP', host: '127.0.0.1', port: base });

    const calls: string[] = [];
    alice.on('invite', (session: InviteServerContext) => {
      calls.push(session.request.ruri.toString());
      session.accept();
    });
    const result = await runSipp(['-sf', UAC_CALL, `127.0.0.1:${harness.kamailio().ports.sip}`, '-s', 'alice', ...sippLocal(base + 1), '-m', '1', '-d', '200'], 20_000);
    expect(result.code, result.output + result.logs).toBe(0);
    // Kamailio's lookup("location") put the registered Contact, the listen address, in the Request-URI.
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(new RegExp(`^sip:\\w+@127\\.0\\.0\\.1:${base};transport=udp$`));
  });
});
