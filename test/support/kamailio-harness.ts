import { afterAll, afterEach, beforeAll } from 'vitest';
import { startKamailio, type RunningKamailio, type StartKamailioOptions } from './kamailio.js';
import { KamailioUsers } from './kamailio-uas.js';
import { registeredSippUas } from './registered-sipp-uas.js';
import type { SippProcess } from './sipp.js';

/** What a test file gets from `useKamailio`. */
export interface KamailioHarness {
  /** The file's Kamailio, once `beforeAll` has started it. */
  kamailio(): RunningKamailio;
  /** The harness users' UAs, stopped after each test. */
  users: KamailioUsers;
  /** `user`'s SIPp UAS running `file`, registered and listening, killed after the test. */
  sippUas(user: string, file: string, extra?: string[]): Promise<SippProcess>;
  /** A SIPp the test started itself, to be killed after the test. */
  track(sipp: SippProcess): SippProcess;
}

/**
 * One Kamailio for the whole test file (started in `beforeAll`, stopped by pid in `afterAll`);
 * after each test, every SIPp and UA the test made is stopped.
 */
export function useKamailio(options: StartKamailioOptions = {}): KamailioHarness {
  let kamailio: RunningKamailio | undefined;
  const current = (): RunningKamailio => {
    if (kamailio === undefined) throw new Error('Kamailio is not running (useKamailio starts it in beforeAll)');
    return kamailio;
  };
  const users = new KamailioUsers(current);
  const running: SippProcess[] = [];
  const track = (sipp: SippProcess): SippProcess => {
    running.push(sipp);
    return sipp;
  };

  beforeAll(async () => {
    kamailio = await startKamailio(options);
  }, 20_000);
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sipp) => sipp.kill()));
    await users.stopAll();
  }, 20_000);
  afterAll(async () => {
    await kamailio?.stop();
  });

  return {
    kamailio: current,
    users,
    track,
    sippUas: async (user, file, extra = []) => track(await registeredSippUas(current().ports.sip, user, file, extra)),
  };
}
