import { crashSignature } from './crash-excerpt.js';
import { describeExit } from './harness/target-process.js';
import { Testbed } from './harness/testbed.js';
import { Random } from './random.js';
import { TARGETS, type Step, type TargetName } from './step.js';

export interface ReplayResult {
  /** Whether the target still ran after the steps. */
  survived: boolean;
  exit: string | undefined;
  /** Status of a final OPTIONS over each target. */
  probes: Record<TargetName, number | undefined>;
  stderr: string;
}

// After the last step, time for what its timers do (a 100 Trying after 200 ms, a BYE after 300 ms).
const SETTLE_MS = 1000;

/** Send `steps` to a fresh target, in order, then check it is alive and (unless `probe` is false) answers OPTIONS everywhere. */
export async function replay(steps: readonly Step[], options: { verbose?: boolean; probe?: boolean } = {}): Promise<ReplayResult> {
  const testbed = await Testbed.start({ verbose: options.verbose ?? false });
  for (const step of steps) {
    await testbed.run(step);
    if (!testbed.target.alive) break;
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const rng = new Random(1);
  const probes = {} as Record<TargetName, number | undefined>;
  for (const name of options.probe === false ? [] : TARGETS) probes[name] = testbed.target.alive ? await testbed.probe(name, rng, 10_000) : undefined;
  const exit = testbed.target.exit;
  await testbed.stop();
  return { survived: exit === undefined, exit: exit === undefined ? undefined : describeExit(exit), probes, stderr: testbed.target.stderr };
}

/**
 * The smallest run of `steps` found that still crashes the target the same way (same
 * `crashSignature`), by halving: the later half first, then the earlier. Each try starts a
 * fresh target, so this takes a few seconds per halving. Returns `steps` itself when neither
 * half alone reproduces the crash (it needs messages from both).
 */
export async function findCulprit(steps: readonly Step[], signature: string, log: (line: string) => void = () => undefined): Promise<Step[]> {
  const crashesAlike = async (candidate: readonly Step[]): Promise<boolean> => {
    const result = await replay(candidate, { probe: false });
    return !result.survived && crashSignature(result.stderr) === signature;
  };
  let current = [...steps];
  while (current.length > 1) {
    const middle = Math.floor(current.length / 2);
    const later = current.slice(middle);
    const earlier = current.slice(0, middle);
    if (await crashesAlike(later)) current = later;
    else if (await crashesAlike(earlier)) current = earlier;
    else break;
    log(`  narrowed to ${current.length} message(s)`);
  }
  return current;
}
