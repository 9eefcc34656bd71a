import type { DriverContext } from '../../runner/driver-api.js';
import { sendTortureMessages } from '../shared/rfc4475.js';

export default async function robustnessRfc4475Invalid(ctx: DriverContext): Promise<void> {
  await sendTortureMessages(ctx, import.meta.dirname);
}
