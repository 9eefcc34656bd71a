import type { ByeOptions } from './bye-options.js';
import type { CancelOptions } from './cancel-reason.js';
import type { ReplyOptions } from './reply-options.js';

/** Options of `terminate()`: those of the `cancel()`, `reject()` or `bye()` it turns into. */
export type TerminateOptions = CancelOptions & ReplyOptions & ByeOptions;
