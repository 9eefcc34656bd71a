import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runExample } from '../support/examples.js';
import { PRESENCE_CONFIG, PRESENCE_TABLES, startKamailio, type RunningKamailio } from '../support/kamailio.js';

// The README's subscription example is examples/presence.ts, shown verbatim; this runs it against Kamailio's
// presence server (conformance/targets/kamailio/presence.cfg) and checks what it prints.
const example = readFileSync(`${ROOT}examples/presence.ts`, 'utf8');

let kamailio: RunningKamailio;
beforeAll(async () => {
  kamailio = await startKamailio({ config: PRESENCE_CONFIG, dbtext: PRESENCE_TABLES });
}, 20_000);
afterAll(async () => {
  await kamailio?.stop();
});

describe('README presence example', () => {
  it('is in the README word for word', () => {
    expect(readFileSync(`${ROOT}README.md`, 'utf8')).toContain(example);
  });

  it('publishes, subscribes, prints the NOTIFYs, unsubscribes and exits', async () => {
    const { code, output } = await runExample('presence.ts', kamailio.wsUrl);
    expect(output).toBe('subscription active: bob is open\nsubscription terminated: bob is open\n');
    expect(code).toBe(0);
  }, 30_000);
});
