// Child process of the lifecycle benchmark (bench/load/lifecycles.ts): one sipforge UA on a
// loopback UDP-like transport, facing a stateless peer in the same process (lifecycles/raw-peer.ts).
// `node --expose-gc <bundle> <count>`. Holds `count` transactions, then `count` calls each way,
// samples the heap with them alive, ends them and checks that everything is released; then ends
// `count` calls each way and samples what they keep while their transactions' last timers run.
import { NodeUA } from '../../src/node.js';
import { CountingClock } from './lifecycles/counting-clock.js';
import { LoopbackTransport } from './lifecycles/loopback.js';
import { nullMediaFactory } from './lifecycles/null-media.js';
import { RawPeer } from './lifecycles/raw-peer.js';
import { memorySample, type MemorySample } from './memory.js';

export interface LifecycleStage {
  name: string;
  /** Heap and RSS before, the UA idle (everything of the stage before ended and its timers run out). */
  before: MemorySample;
  /** Heap and RSS with `count` of the thing alive. */
  alive: MemorySample;
  /** Live timers of the UA's clock with them alive. */
  timersAlive: number;
  /** Contexts the stage made (`ua.message()`, `ua.invite()`, incoming sessions), and how many of them a GC could not collect when it was sampled. */
  contexts: number;
  contextsHeld: number;
}
export interface LifecycleReport {
  kind: 'report';
  count: number;
  baseline: MemorySample;
  stages: LifecycleStage[];
  /** After everything ended and its timers ran out, after GC. */
  end: MemorySample;
  timersAtEnd: number;
  sessionsAtEnd: number;
  contextsCreated: number;
  contextsCollected: number;
  waitedMs: number;
  failures: string[];
}

const count = Number(process.argv[2] ?? 10000);
// Tests of the harness shrink the RFC 3261 timers (e.g. 0.01: Timer J 320 ms); the benchmark runs them as they are.
const clock = new CountingClock(Number(process.argv[3] ?? 1));
const peer = new RawPeer();
let contextsCreated = 0;
let contextsCollected = 0;
/** Contexts made and collected, by the stage that made them (-1: the warm-up). */
let currentStage = -1;
const madeIn = new Map<number, number>();
const collectedIn = new Map<number, number>();
const increment = (counts: Map<number, number>, stage: number): void => void counts.set(stage, (counts.get(stage) ?? 0) + 1);
const collected = new FinalizationRegistry<number>((stage) => {
  contextsCollected += 1;
  increment(collectedIn, stage);
});
const track = <T extends object>(context: T): T => {
  contextsCreated += 1;
  increment(madeIn, currentStage);
  collected.register(context, currentStage);
  return context;
};
const failures: string[] = [];

const ua = new NodeUA(
  { uri: 'ua@127.0.0.1', wsServers: 'udp:127.0.0.2:5090', register: false, log: { builtinEnabled: false } },
  {
    clock,
    mediaHandlerFactory: nullMediaFactory,
    transportFactory: () => () => {
      const transport = new LoopbackTransport(peer);
      peer.transport = transport;
      return transport;
    },
  },
);
// Calls the peer places are answered at once; the application keeps them (as any would) to hang up later.
const incoming: Array<{ bye(): unknown }> = [];
ua.on('invite', (session) => {
  incoming.push(track(session));
  session.accept();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(what: string, done: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) {
      failures.push(`timed out waiting for ${what}`);
      return;
    }
    await sleep(20);
  }
}

/** n MESSAGEs from the UA, answered at once unless `hold`; resolves when the UA sent them all (held) or all were accepted. */
async function messagesOut(n: number, hold: boolean): Promise<() => Promise<void>> {
  peer.holdMessages = hold;
  let settled = 0;
  const before = peer.count('MESSAGE');
  for (let i = 0; i < n; i++) {
    track(ua.message('peer@127.0.0.2', 'hello'))
      .on('accepted', () => (settled += 1))
      .on('failed', (_r: unknown, cause: unknown) => {
        settled += 1;
        failures.push(`MESSAGE failed: ${String(cause)}`);
      });
  }
  if (hold) await until('the held MESSAGEs to reach the peer', () => peer.count('MESSAGE') - before >= n);
  return async () => {
    peer.holdMessages = false;
    await until('the MESSAGEs to be answered', () => settled >= n);
  };
}

async function messagesIn(n: number, first: number): Promise<void> {
  const before = peer.count('200 MESSAGE');
  for (let i = 0; i < n; i++) peer.sendRequest('MESSAGE', first + i);
  await until('200s to the peer’s MESSAGEs', () => peer.count('200 MESSAGE') - before >= n);
}

async function callsOut(n: number): Promise<Array<{ bye(): unknown }>> {
  const calls: Array<{ bye(): unknown }> = [];
  let accepted = 0;
  for (let i = 0; i < n; i++) {
    const call = track(ua.invite('peer@127.0.0.2'));
    call.on('accepted', () => (accepted += 1));
    call.on('failed', (_r: unknown, cause: unknown) => failures.push(`INVITE failed: ${String(cause)}`));
    calls.push(call);
  }
  await until('our calls to be answered', () => accepted >= n);
  return calls;
}

async function callsIn(n: number, first: number): Promise<void> {
  const before = peer.count('200 INVITE');
  for (let i = 0; i < n; i++) peer.sendRequest('INVITE', first + i);
  await until('the peer’s calls to be answered', () => incoming.length >= n && peer.count('200 INVITE') - before >= n);
  await sleep(50);
}

async function hangUp(calls: Array<{ bye(): unknown }>): Promise<void> {
  const n = calls.length;
  const before = peer.count('BYE');
  for (const call of calls.splice(0)) {
    try {
      call.bye();
    } catch (error) {
      failures.push(`BYE refused: ${String(error)}`);
    }
  }
  await until('the BYEs', () => peer.count('BYE') - before >= n && Object.keys(ua.sessions).length === 0);
}

/** A turn of the event loop for each hop of the loopback transport (it delivers on `setImmediate`). */
const delivered = (): Promise<void> => new Promise((r) => setImmediate(() => setImmediate(r)));

/**
 * n calls from the peer, each hung up by the peer right after its ACK; resolves once the UA answered
 * every BYE: its INVITE server transactions in Accepted (Timer L) and BYE ones in Completed (Timer J).
 */
async function callsInEnded(n: number, first: number): Promise<void> {
  peer.hangUpOnAnswer = true;
  const before = peer.count('200 BYE');
  for (let i = 0; i < n; i++) peer.sendRequest('INVITE', first + i);
  await until('the UA to answer the peer’s BYEs', () => peer.count('200 BYE') - before >= n && Object.keys(ua.sessions).length === 0);
  peer.hangUpOnAnswer = false;
  // The application lets go of its calls once they ended.
  incoming.splice(0);
}

/**
 * n calls from the UA, ended by its BYE; resolves once the UA got every 200 to its BYEs: its INVITE
 * client transactions in Accepted (Timer M) and BYE ones in Completed (Timer K, T4 = 5 s on UDP).
 */
async function callsOutEnded(n: number): Promise<void> {
  const calls = await callsOut(n);
  const before = peer.countAnswered('200 BYE');
  await hangUp(calls);
  await until('the peer to answer our BYEs', () => peer.countAnswered('200 BYE') - before >= n);
  await delivered();
}

/** Everything ended: wait until no timer of the UA is left (Timer J, K, the 2xx timers … run out), then collect. */
async function drained(): Promise<number> {
  const started = Date.now();
  await until('the UA’s timers to run out', () => clock.pending === 0 && Object.keys(ua.sessions).length === 0, 90_000);
  return Date.now() - started;
}

await until('the UA to start', () => ua.isConnected());
// Warm-up: every path once, so that compiled code is not counted as per-transaction memory.
await (await messagesOut(100, false))();
await messagesIn(100, 0);
await hangUp(await callsOut(100));
await callsIn(100, 0);
await hangUp(incoming);
await callsInEnded(100, 100);
await drained();
await sleep(100);

const baseline = memorySample();
const stages: LifecycleStage[] = [];
let waitedMs = 0;
/** One stage from a drained UA: `start` makes `count` of the thing alive, `finish` ends them all. */
async function stage(name: string, start: () => Promise<void>, finish: () => Promise<void>): Promise<void> {
  waitedMs += await drained();
  const before = memorySample();
  currentStage = stages.length;
  await start();
  const alive = memorySample();
  const timersAlive = clock.pending;
  // FinalizationRegistry callbacks run in a task after the GC that collected their targets.
  await sleep(100);
  const contexts = madeIn.get(currentStage) ?? 0;
  stages.push({ name, before, alive, timersAlive, contexts, contextsHeld: contexts - (collectedIn.get(currentStage) ?? 0) });
  await finish();
}

let release: () => Promise<void> = async () => {};
await stage('client transaction (MESSAGE sent, no answer yet: retransmitting)', async () => void (release = await messagesOut(count, true)), () => release());
await stage('server transaction (MESSAGE answered, Timer J running)', () => messagesIn(count, 1000), async () => {});
let out: Array<{ bye(): unknown }> = [];
await stage('outgoing call established (session, dialog, INVITE transaction in Accepted)', async () => void (out = await callsOut(count)), () => hangUp(out));
await stage('incoming call established (session, dialog, INVITE transaction in Accepted)', () => callsIn(count, 1000), () => hangUp(incoming));
// What a finished call keeps until its transactions' last timers fire (RFC 6026 §8.7 and §8.4; RFC 3261 §17.2.2, §17.1.2.2).
await stage('incoming call ended (BYE answered; INVITE transaction in Accepted, BYE transaction in Completed)', () => callsInEnded(count, 1000 + count), async () => {});
await stage('outgoing call ended (our BYE answered; INVITE transaction in Accepted, BYE transaction in Completed)', () => callsOutEnded(count), async () => {});
waitedMs += await drained();
await sleep(200);
const end = memorySample();
await sleep(200);
memorySample();
await sleep(200);

process.send?.({
  kind: 'report',
  count,
  baseline,
  stages,
  end,
  timersAtEnd: clock.pending,
  sessionsAtEnd: Object.keys(ua.sessions).length,
  contextsCreated,
  contextsCollected,
  waitedMs,
  failures: [...new Set(failures)].slice(0, 10),
} satisfies LifecycleReport);
process.on('message', (message) => {
  if (message === 'exit') process.exit(0);
});
