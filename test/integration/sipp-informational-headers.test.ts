import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { UserAgentCore } from '../../src/core/user-agent-core.js';
import { UdpTransport } from '../../src/transport/node.js';
import { freePortBlock } from '../support/free-ports.js';
import { runSipp, SIPP_PORTS, sippLocal } from '../support/sipp.js';

const SCENARIO = fileURLToPath(new URL('../../conformance/sipp/uac-informational-headers.xml', import.meta.url));
const REQUESTS = 5;

// SIPp sends OPTIONS whose User-Agent, Date, Warning, Alert-Info and Server are outside the
// RFC 3261 grammar, as deployed products write them, to a sipforge UA core over UDP on
// 127.0.0.1. Informational headers never make a message unusable: every request is answered
// 200 like any OPTIONS (RFC 3261 §11.2), where a strict parser answered 400.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('SIPp → sipforge UA core: informational headers outside the grammar', () => {
  it('every OPTIONS is answered 200, and the headers arrive as text', async () => {
    const transport = new UdpTransport({ host: '127.0.0.1', port: 0 });
    await transport.connect();
    cleanups.push(() => transport.close());
    const core = new UserAgentCore({ transport });
    const agents: string[] = [];
    transport.on('message', (m) => {
      if ('method' in m) {
        const agent = m.header('User-Agent');
        agents.push(agent === undefined ? 'none' : agent.conforms ? 'typed' : agent.text);
      }
    });
    core.start();
    cleanups.push(() => core.close());
    const sippPort = await freePortBlock(SIPP_PORTS);
    const result = await runSipp(
      ['-sf', SCENARIO, `127.0.0.1:${transport.localPort!}`, ...sippLocal(sippPort), '-t', 'u1', '-m', String(REQUESTS), '-r', '10', '-trace_msg'],
      25_000,
    );
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
    expect(agents).toEqual(Array(REQUESTS).fill('PJSUA v1.12.0 Linux-4.2.0.35/x86_64/glibc-2.19'));
  }, 30_000);
});
