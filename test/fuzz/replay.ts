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

/** Send `steps` to a fresh target, in order, then check it is alive and answers OPTIONS everywhere. */
export async function replay(steps: readonly Step[], options: { verbose?: boolean } = {}): Promise<ReplayResult> {
  const testbed = await Testbed.start({ verbose: options.verbose ?? false });
  for (const step of steps) {
    await testbed.run(step);
    if (!testbed.target.alive) break;
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rng = new Random(1);
  const probes = {} as Record<TargetName, number | undefined>;
  for (const name of TARGETS) probes[name] = testbed.target.alive ? await testbed.probe(name, rng, 10_000) : undefined;
  const exit = testbed.target.exit;
  await testbed.stop();
  return { survived: exit === undefined, exit: exit === undefined ? undefined : describeExit(exit), probes, stderr: testbed.target.stderr };
}
