import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runExample } from '../support/examples.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';

// The README's transfer example is examples/transfer.ts, shown verbatim; this runs it against Kamailio
// and checks what it prints.
const example = readFileSync(`${ROOT}examples/transfer.ts`, 'utf8');

let kamailio: RunningKamailio;
beforeAll(async () => {
  kamailio = await startKamailio({ defines: ['SINGLE_WORKER'] });
}, 20_000);
afterAll(async () => {
  await kamailio?.stop();
});

describe('README transfer example', () => {
  it('is in the README word for word', () => {
    expect(readFileSync(`${ROOT}README.md`, 'utf8')).toContain(example);
  });

  it('transfers alice from bob to carol, then exits', async () => {
    const { code, output } = await runExample('transfer.ts', kamailio.wsUrl);
    expect(output).toBe(
      'alice: <sip:carol@example.test> asked for; calling\n' +
        'carol: call from sip:alice@example.test, referred by <sip:bob@example.test>\n' +
        'bob: carol answered alice (200 OK); hanging up\n' +
        'alice: bob left\n' +
        'carol: alice hung up\n',
    );
    expect(code).toBe(0);
  }, 30_000);
});
