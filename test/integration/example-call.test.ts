import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readWavAsTelephonePcm } from '../../src/session/media/rtp/wav-audio.js';
import { ROOT, runExample } from '../support/examples.js';
import { freePortBlock } from '../support/free-ports.js';
import { dominantTone } from '../support/goertzel.js';
import { startKamailio, type RunningKamailio } from '../support/kamailio.js';
import { runSipp, SIPP_PORTS, sippLocal, startSipp, type SippProcess } from '../support/sipp.js';
import { scenario } from '../support/traced-ua.js';

// examples/call.ts as a user runs it (`npx tsx examples/call.ts`) against the project's Kamailio: alice
// plays examples/two-tones.wav (0.5 s of 440 Hz, then 0.5 s of 1 kHz) into a call and records what she
// hears. The callee echoes: bob in the example's own process by default, or a SIPp UAS with -rtp_echo
// named by CALL_TARGET. The recording must hold the played audio, in order.

let kamailio: RunningKamailio;
let dir: string;
const running: SippProcess[] = [];

beforeAll(async () => {
  kamailio = await startKamailio();
  dir = mkdtempSync(join(tmpdir(), 'sipforge-example-call-'));
}, 20_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((sipp) => sipp.kill()));
});

afterAll(async () => {
  await kamailio?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The dominant tone of each 100 ms of `pcm` loud enough to be one (power > 0.05), runs of the same merged. */
function toneSequence(pcm: Buffer): number[] {
  const sequence: number[] = [];
  const window = 1600; // 100 ms of 16-bit samples at 8 kHz
  for (let start = 0; start + window <= pcm.length; start += window) {
    const tone = dominantTone(pcm.subarray(start, start + window), [440, 1000, 697, 1209, 2000]);
    if (tone.power < 0.05 || tone.ratio < 20) continue;
    if (sequence.at(-1) !== tone.frequency) sequence.push(tone.frequency);
  }
  return sequence;
}

/** The played file's audio, checked the same way: what the recording must show. */
async function expectPlayedAudioIn(recording: string): Promise<void> {
  const played = await readWavAsTelephonePcm(`${ROOT}examples/two-tones.wav`);
  expect(toneSequence(played)).toEqual([440, 1000]);
  const recorded = await readWavAsTelephonePcm(recording);
  // The whole second came back (give or take the silence around it).
  expect(recorded.length).toBeGreaterThan(played.length);
  expect(toneSequence(recorded)).toEqual([440, 1000]);
}

describe('examples/call.ts', () => {
  it('is in the README word for word', () => {
    expect(readFileSync(`${ROOT}README.md`, 'utf8')).toContain(readFileSync(`${ROOT}examples/call.ts`, 'utf8'));
  });

  it('calls bob (an echo in its own process) through Kamailio, records the WAV it played, hangs up and exits 0', async () => {
    const recording = join(dir, 'echo-bob.wav');
    const { code, output } = await runExample('call.ts', kamailio.wsUrl, 30_000, { RECORD_WAV: recording });
    expect(output.trim().split('\n')).toEqual([
      'alice: calling bob@example.test',
      `alice: answered, playing ${ROOT}examples/two-tones.wav`,
      'alice: played it, hanging up',
      `alice: recorded what she heard to ${recording}`,
    ]);
    expect(code).toBe(0);
    await expectPlayedAudioIn(recording);
  }, 40_000);

  it('calls a SIPp UAS with -rtp_echo (CALL_TARGET) through Kamailio: the recording holds the played audio, SIPp sees the BYE', async () => {
    const port = await freePortBlock(SIPP_PORTS);
    const local = sippLocal(port);
    const registration = await runSipp(['-sf', scenario('register.xml'), `127.0.0.1:${kamailio.ports.sip}`, '-s', 'u811', '-au', 'u811', '-ap', 'secret', '-m', '1', ...local], 15_000);
    expect(registration.code, registration.output).toBe(0);
    const uas = startSipp(['-sf', scenario('uas.xml'), '-s', 'u811', '-m', '1', '-rtp_echo', ...local], 30_000);
    running.push(uas);

    const recording = join(dir, 'sipp-echo.wav');
    const { code, output } = await runExample('call.ts', kamailio.wsUrl, 25_000, { RECORD_WAV: recording, CALL_TARGET: 'u811@example.test' });
    expect(output).toContain('alice: calling u811@example.test\n');
    expect(output).toContain(`alice: recorded what she heard to ${recording}\n`);
    expect(code, output).toBe(0);
    await expectPlayedAudioIn(recording);
    const result = await uas.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
  }, 40_000);

  it('when the callee (SIPp, -rtp_echo) hangs up half-way, says so, still writes the recording and exits 0', async () => {
    const port = await freePortBlock(SIPP_PORTS);
    const local = sippLocal(port);
    const registration = await runSipp(['-sf', scenario('register.xml'), `127.0.0.1:${kamailio.ports.sip}`, '-s', 'u812', '-au', 'u812', '-ap', 'secret', '-m', '1', ...local], 15_000);
    expect(registration.code, registration.output).toBe(0);
    const uas = startSipp(['-sf', scenario('uas_callee_bye.xml'), '-s', 'u812', '-d', '500', '-m', '1', '-rtp_echo', ...local], 30_000);
    running.push(uas);

    const recording = join(dir, 'callee-hung-up.wav');
    const { code, output } = await runExample('call.ts', kamailio.wsUrl, 25_000, { RECORD_WAV: recording, CALL_TARGET: 'u812@example.test' });
    expect(output).toContain('alice: the callee hung up first\n');
    expect(output).not.toContain('hanging up');
    expect(output).toContain(`alice: recorded what she heard to ${recording}\n`);
    expect(code, output).toBe(0);
    // Half a second of the echo: the 440 Hz half of the file.
    const recorded = await readWavAsTelephonePcm(recording);
    expect(toneSequence(recorded)[0]).toBe(440);
    const result = await uas.done;
    expect(result.code, `${result.output}\n${result.logs}`).toBe(0);
  }, 40_000);
});
