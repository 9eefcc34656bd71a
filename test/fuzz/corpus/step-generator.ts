import { framesCleanly } from '../harness/stream-framing.js';
import { mutate, type MessageKind } from '../mutators/index.js';
import type { Random } from '../random.js';
import { isUaTarget, type Step, type TargetName, type UaMethod } from '../step.js';
import { freshFields, generateRequest, REQUEST_METHODS, requestText, type RequestFields } from './request-builder.js';
import { tortureMessages, type TortureMessage } from './rfc4475.js';
import { responseSequence } from './ua-responses.js';
import { MAX_DATAGRAM } from '../harness/udp-socket.js';

const UA_METHODS: ReadonlyArray<readonly [UaMethod, number]> = [['INVITE', 4], ['MESSAGE', 2.5], ['OPTIONS', 1.5], ['REGISTER', 1.5]];
// How many mutations a message gets; 0 keeps some seeds intact so that they reach deep.
const MUTATION_COUNTS: ReadonlyArray<readonly [number, number]> = [[0, 1], [1, 4], [2, 3], [3, 2], [6, 1]];
// Share of messages to ua-tcp kept even though they may leave the stream out of step: the
// fuzzer then closes the connection and the UA reconnects, which takes a second (its shortest
// reconnection timeout), so only a few.
const UNCLEAN_STREAM_SHARE = 0.03;

function mutated(rng: Random, target: TargetName, data: string, kind: MessageKind): { data: string; names: string[] } {
  const keepUnclean = target !== 'ua-tcp' || rng.chance(UNCLEAN_STREAM_SHARE);
  let result = { data, names: [] as string[] };
  for (let attempt = 0; attempt < 5; attempt++) {
    result = mutate(rng, data, kind, rng.weighted(MUTATION_COUNTS));
    if (keepUnclean || framesCleanly(Buffer.from(result.data.replace(/\{\{[a-z]+\}\}/g, 'x'), 'latin1'))) break;
  }
  if (target.endsWith('udp') && result.data.length > MAX_DATAGRAM) result.data = result.data.slice(0, MAX_DATAGRAM);
  return result;
}

let streamable: TortureMessage[] | undefined;
function streamableTortureMessages(): TortureMessage[] {
  streamable ??= tortureMessages().filter((m) => framesCleanly(Buffer.from(m.data, 'latin1')));
  return streamable;
}

function transportOptions(rng: Random, target: TargetName): Pick<Step, 'frame' | 'chunkSize'> {
  if (target === 'ua-ws') return rng.chance(0.2) ? { frame: 'binary' } : {};
  if (target.endsWith('tcp') && rng.chance(0.1)) return { chunkSize: rng.int(1, 300) };
  return {};
}

/** A new request to `target`: an RFC 4475 message or a generated one, mutated. */
function requestStep(rng: Random, target: TargetName): Step {
  let seed: string;
  let origin: string;
  let marker: string | undefined;
  if (rng.chance(0.3)) {
    // Over the UA's TCP connection only the torture messages a stream can carry intact (see mutated()).
    const torture = rng.pick(target === 'ua-tcp' ? streamableTortureMessages() : tortureMessages());
    seed = torture.data;
    origin = `rfc4475/${torture.name}`;
  } else {
    const method = rng.pick(REQUEST_METHODS);
    const generated = generateRequest(rng, target, method);
    seed = generated.text;
    origin = `generated ${method}`;
    marker = generated.callId;
  }
  const { data, names } = mutated(rng, target, seed, 'request');
  return { target, data, marker, note: [origin, ...names].join(' + '), ...transportOptions(rng, target) };
}

/** Make the UA send a request, then answer it with a response sequence of which some are mutated. */
function responseSteps(rng: Random, target: TargetName): Step[] {
  const method = rng.weighted(UA_METHODS);
  const sequence = responseSequence(rng, method);
  const victim = rng.below(sequence.length);
  const steps = sequence.map((template, i) => {
    const { data, names } = i === victim || rng.chance(0.3) ? mutated(rng, target, template, 'response') : { data: template, names: [] };
    const status = /^SIP\/2\.0 (\d+)/.exec(template)?.[1] ?? '?';
    const step: Step = { target, data, note: [`${status} to the UA's ${method}`, ...names].join(' + '), ...transportOptions(rng, target) };
    if (i === 0) step.trigger = method;
    return step;
  });
  // Half the time the final response follows intact: if the mutated one was dropped, the UA's
  // transaction ends now rather than after 32 s (Timer B/F). Always for REGISTER: the UA sends
  // no new REGISTER while one is in flight, so a stuck one would starve the next REGISTER steps.
  if (method === 'REGISTER' || rng.chance(0.5)) steps.push({ target, data: sequence[sequence.length - 1]!, note: `the final response to the UA's ${method} again, intact` });
  return steps;
}

function inDialog(fields: RequestFields, method: string, cseq: number): RequestFields {
  return { ...fields, method, cseq, toTag: '{{totag}}', branch: `z9hG4bK${fields.branch.slice(7, 13)}${cseq}${method.toLowerCase()}`, body: undefined };
}

/**
 * A dialog, then a mutated request inside it: a well-formed INVITE (the target answers, its To
 * tag is kept), the ACK, then a mutated BYE, INFO, re-INVITE, UPDATE, PRACK, NOTIFY or MESSAGE with the
 * dialog's identifiers, so the mutation reaches dialog matching (RFC 3261 §12.2.2).
 */
function dialogSteps(rng: Random, target: TargetName): Step[] {
  const fields = freshFields(rng, target, 'INVITE');
  fields.callId = `dialog-${rng.token(10)}@fuzz`;
  const invite = requestText(fields);
  const ack = requestText({ ...inDialog(fields, 'ACK', fields.cseq), extra: [] });
  const method = rng.pick(['BYE', 'INFO', 'INVITE', 'UPDATE', 'PRACK', 'MESSAGE', 'OPTIONS', 'NOTIFY', 'REFER']);
  const next = requestText({ ...inDialog(fields, method, fields.cseq + 1), extra: fields.extra });
  const { data, names } = mutated(rng, target, next, 'request');
  const base = { target, marker: fields.callId };
  return [
    { ...base, data: invite, awaitAnswer: true, note: 'dialog: INVITE' },
    { ...base, data: ack, note: 'dialog: ACK' },
    { ...base, data, note: [`dialog: ${method}`, ...names].join(' + '), ...transportOptions(rng, target) },
  ];
}

/**
 * Two requests with one Call-ID (RFC 3261 §9.2 CANCEL of a pending INVITE, or an RFC 2543
 * client's retransmission matched without a branch, §17.2.3), the second mutated.
 */
function pairSteps(rng: Random, target: TargetName): Step[] {
  const fields = freshFields(rng, target, 'INVITE');
  const legacy = rng.chance(0.5);
  const noBranch = legacy && rng.chance(0.5);
  if (legacy) fields.branch = rng.token(8);
  const strip = (text: string): string => (noBranch ? text.replace(`;branch=${fields.branch}`, '') : text);
  const first = strip(requestText(fields));
  const method = rng.pick(['CANCEL', 'INVITE', 'ACK', 'BYE']);
  const second = strip(requestText({ ...fields, method, cseq: method === 'BYE' ? fields.cseq + 1 : fields.cseq, body: undefined, extra: [] }));
  const { data, names } = mutated(rng, target, second, 'request');
  const base = { target, marker: fields.callId };
  return [
    { ...base, data: first, note: legacy ? 'pair: RFC 2543 INVITE' : 'pair: INVITE' },
    { ...base, data, note: [`pair: ${method}`, ...names].join(' + ') },
  ];
}

/** The next steps of a campaign for `target`, from the seed corpus and the mutators. */
export function generateSteps(rng: Random, target: TargetName): Step[] {
  // A UA: 40 % answers to its own requests; then, for every target, dialogs and pairs (which
  // send two well-formed messages for each mutated one) a fraction of the new requests.
  if (isUaTarget(target) && rng.chance(0.4)) return responseSteps(rng, target);
  const r = rng.next();
  if (r < 0.15) return dialogSteps(rng, target);
  if (r < 0.25) return pairSteps(rng, target);
  return [requestStep(rng, target)];
}
