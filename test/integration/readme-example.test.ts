import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';

// The README's example is examples/register-and-message.ts, shown verbatim; this runs it as a
// user would (`npm run example`) against the project's Kamailio and checks what it prints.
const root = fileURLToPath(new URL('../..', import.meta.url));
const example = readFileSync(`${root}examples/register-and-message.ts`, 'utf8');

let kamailio: RunningKamailio;
beforeAll(async () => {
  kamailio = await startKamailio();
}, 20_000);
afterAll(async () => {
  await kamailio?.stop();
});

describe('README example', () => {
  it('is in the README word for word', () => {
    expect(readFileSync(`${root}README.md`, 'utf8')).toContain(example);
  });

  it('registers, sends a MESSAGE and receives it, then exits', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/register-and-message.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SIP_SERVER: kamailio.wsUrl } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(killer);
    expect(output).toContain('alice received: Hello from Bob');
    expect(code).toBe(0);
  }, 30_000);
});
