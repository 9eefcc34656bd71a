import type { Health } from './target/ipc.js';

const MB = 1024 * 1024;

/**
 * The fuzzer sends at most this many messages a second (`--rate`), so that the state the
 * target may legitimately hold, and with it the memory bounds below, do not depend on how fast
 * the machine is.
 */
export const DEFAULT_RATE = 300;

/**
 * How much the target's resident memory may grow over a campaign, and why this much.
 *
 * The target keeps state for what it receives only while RFC 3261 says it must: a server
 * transaction lives at most 64·T1 = 32 s after its final response (Timers H, J), a 2xx is
 * retransmitted for 32 s until its ACK (§13.3.1.4), a client transaction ends within 32 s
 * (Timers B, F). So at any moment it holds what arrived in the last ~32 s, plus the dialogs
 * that were set up and not ended. Measured (a 75,000-message campaign at 1,250 messages/s):
 * about 5.5 KiB of heap per message still in a transaction, and the heap back to 41 MiB
 * (from 11) once those had ended, the rest being 4,700 open dialogs. At DEFAULT_RATE that is
 * 300/s × 32 s × 5.5 KiB ≈ 52 MiB of live heap; RSS runs at about twice the heap growth (V8
 * collects lazily and returns pages late), ≈ 105 MiB. 256 MiB leaves a factor of two and a
 * half for bursts of the rare large messages (64–200 KiB values, 3,000-line headers), while a
 * leak of a few KiB per message still crosses it within a long campaign; the target's heap
 * limit (--max-old-space-size, target-process.ts) turns a faster leak into a crash.
 */
export const RSS_GROWTH_LIMIT_MB = 256;

/** Right after a campaign, after a full collection: the live heap estimated above, with the same margin. */
export const HEAP_GROWTH_LIMIT_MB = 160;

/**
 * After the campaign and a settling time past every transaction's end (SETTLE_SECONDS), the
 * heap may exceed its size at the start by at most this much: the open dialogs (a campaign of
 * 36,000 messages at DEFAULT_RATE leaves about 2,300, ≈ 14 MiB) and nothing else; every
 * transaction of the listeners' cores must be gone.
 */
export const SETTLED_HEAP_GROWTH_LIMIT_MB = 48;

/** 64·T1 (32 s: Timers B, F, H, J, the 2xx retransmission) and a margin. */
export const SETTLE_SECONDS = 40;

/** No single turn of the target's event loop may take this long: the UA would answer nothing meanwhile. */
export const EVENT_LOOP_LIMIT_MS = 2000;

export function mb(bytes: number): number {
  return Math.round((bytes / MB) * 10) / 10;
}

export function peakRss(log: readonly Health[]): number {
  return log.reduce((peak, h) => Math.max(peak, h.rssBytes), 0);
}

export function maxEventLoopDelay(log: readonly Health[]): number {
  return log.reduce((peak, h) => Math.max(peak, h.eventLoopMaxMs), 0);
}
