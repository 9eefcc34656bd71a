import { expect } from 'vitest';
import { freePortBlock } from './free-ports.js';
import { runSipp, SIPP_PORTS, sippLocal, startSipp, waitForListener, type SippProcess } from './sipp.js';
import { scenario } from './traced-ua.js';

/**
 * Register `user` (password `secret`) with the Kamailio on `sipPort` from a free SIPp port block,
 * then start the SIPp scenario `file` there as that user's UAS, and wait until it listens: a call
 * sent before SIPp binds its port would be lost to the test (ICMP unreachable at Kamailio).
 */
export async function registeredSippUas(sipPort: number, user: string, file: string, extra: string[] = []): Promise<SippProcess> {
  const port = await freePortBlock(SIPP_PORTS);
  const local = sippLocal(port);
  const registration = await runSipp(['-sf', scenario('register.xml'), `127.0.0.1:${sipPort}`, '-s', user, '-au', user, '-ap', 'secret', '-m', '1', ...local], 15_000);
  expect(registration.code, registration.output).toBe(0);
  const uas = startSipp(['-sf', scenario(file), '-s', user, '-m', '1', ...extra, ...local], 30_000);
  try {
    await waitForListener('UDP', port);
  } catch (error) {
    await uas.kill();
    throw error;
  }
  return uas;
}
