import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runExample } from '../support/examples.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';

// The README's example is examples/register-and-message.ts, shown verbatim; this runs it as a
// user would (`npm run example`) against the project's Kamailio and checks what it prints.
const example = readFileSync(`${ROOT}examples/register-and-message.ts`, 'utf8');

let kamailio: RunningKamailio;
beforeAll(async () => {
  kamailio = await startKamailio();
}, 20_000);
afterAll(async () => {
  await kamailio?.stop();
});

describe('README example', () => {
  it('is in the README word for word', () => {
    expect(readFileSync(`${ROOT}README.md`, 'utf8')).toContain(example);
  });

  it('registers, sends a MESSAGE and receives it, then exits', async () => {
    const { code, output } = await runExample('register-and-message.ts', kamailio.wsUrl);
    expect(output).toContain('alice received: Hello from Bob');
    expect(code).toBe(0);
  }, 30_000);
});
