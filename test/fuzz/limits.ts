import type { Health } from './target/ipc.js';

const MB = 1024 * 1024;

/**
 * How much the target's resident memory may grow over a campaign, and why this much.
 *
 * The target keeps state for what it receives only while RFC 3261 says it must: a server
 * transaction lives at most 64·T1 = 32 s after its final response (Timers H, J), a 2xx is
 * retransmitted for 32 s until its ACK (§13.3.1.4), a client transaction ends within 32 s
 * (Timers B, F). So at any moment it holds at most what arrived in the last ~32 s. The
 * fuzzer sends at most ~300 messages a second on this machine, averaging well under 4 KiB
 * (the occasional 64–200 KiB value or 3,000-line header is rare: see mutators/), and a parsed
 * message with its transaction, parsed header objects and the response sent back costs a few
 * times its size: 300/s × 32 s × 4 KiB × 4 ≈ 150 MiB in the worst sustained case. 256 MiB above
 * the baseline leaves room for V8's heap growth policy (it collects lazily, and RSS does not
 * shrink at once after a collection) while still catching a leak of a few KiB per message
 * over a 100,000-message campaign, and the heap limit of the target (--max-old-space-size,
 * target-process.ts) turns a faster leak into a crash the fuzzer sees anyway.
 */
export const RSS_GROWTH_LIMIT_MB = 256;

/**
 * After the campaign and a full collection, the heap may hold at most this much more than at
 * the start: what transactions of the last 32 s still hold (the same estimate as above, for
 * the slower final stretch of a campaign) and nothing that accumulated before.
 */
export const HEAP_GROWTH_LIMIT_MB = 160;

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
