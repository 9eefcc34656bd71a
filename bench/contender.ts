// The shape every contender adapter has, so run.ts can verify and time them
// all through the same loop.
import type { StackFields } from './corpus.js';

export type ContenderKey = 'floor' | 'stack' | 'full' | 'sip' | 'jssip' | 'sipjs';

export interface Contender {
  key: ContenderKey;
  /** Row label in the report. */
  label: string;
  /** What the contender is handed and how it turns it into what it parses (decoding is timed). */
  input: string;
  /** What it reads from each parsed message. */
  reads: string;
  /**
   * Parses one message (the transport's bytes) and reads the stack fields.
   * The floor cannot read fields, so it returns the number of header lines
   * it found instead; verify.ts checks either form against the corpus.
   */
  run(bytes: Buffer): StackFields | number;
}
