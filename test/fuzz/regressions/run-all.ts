import { Testbed } from '../harness/testbed.js';
import type { RegressionCase } from './regression-case.js';
import { runCase, type CaseResult } from './run-case.js';

/**
 * Run regression cases one after the other on one target process, starting a fresh one
 * after a case that broke it (a crash, a timeout, a target that no longer answers).
 */
export async function runAll(cases: readonly RegressionCase[], onResult: (kase: RegressionCase, result: CaseResult) => void): Promise<void> {
  let testbed: Testbed | undefined;
  try {
    for (const kase of cases) {
      testbed ??= await Testbed.start();
      const result = await runCase(testbed, kase);
      onResult(kase, result);
      if (result.broken) {
        await testbed.stop();
        testbed = undefined;
      }
    }
  } finally {
    await testbed?.stop();
  }
}
