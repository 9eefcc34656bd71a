import { position, type Mutator } from './mutator.js';

/** Mutators that know nothing of SIP: bits, bytes, cuts, control characters. */
export const byteMutators: Mutator[] = [
  {
    name: 'flip-bits',
    weight: 3,
    apply(rng, data) {
      const octets = Buffer.from(data, 'latin1');
      if (octets.length === 0) return undefined;
      const flips = rng.int(1, 8);
      for (let i = 0; i < flips; i++) {
        const at = position(rng, data) % octets.length;
        octets[at] = octets[at]! ^ (1 << rng.below(8));
      }
      return octets.toString('latin1');
    },
  },
  {
    name: 'random-byte',
    weight: 2,
    apply(rng, data) {
      const at = position(rng, data);
      return data.slice(0, at) + String.fromCharCode(rng.below(256)) + data.slice(at + 1);
    },
  },
  {
    name: 'truncate',
    weight: 2,
    apply(rng, data) {
      return data.slice(0, position(rng, data));
    },
  },
  {
    name: 'delete-range',
    weight: 2,
    apply(rng, data) {
      const at = position(rng, data);
      return data.slice(0, at) + data.slice(at + rng.int(1, 64));
    },
  },
  {
    name: 'duplicate-range',
    weight: 1,
    apply(rng, data) {
      const from = position(rng, data);
      const piece = data.slice(from, from + rng.int(1, 200));
      const to = position(rng, data);
      return data.slice(0, to) + piece + data.slice(to);
    },
  },
  {
    name: 'inject-control',
    weight: 4,
    apply(rng, data) {
      // Bare CR and LF, NUL, CRLF: line structure the framer and the header splitter must agree on.
      const injected = rng.pick(['\r', '\n', '\0', '\r\n', '\r\n\r\n', '\n\n', '\t', '\x7f', '\x1b', '\x0b', '\x0c']);
      const at = position(rng, data);
      return data.slice(0, at) + injected + data.slice(at);
    },
  },
  {
    name: 'bad-utf8',
    weight: 1,
    apply(rng, data) {
      // Invalid and overlong UTF-8, a lone surrogate, an emoji: decoding must not throw.
      const injected = rng.pick(['\xc3\x28', '\xff\xfe', '\xc0\xaf', '\xed\xa0\x80', '\xf0\x9f\x98\x80', '\xe2\x82']);
      const at = position(rng, data);
      return data.slice(0, at) + injected + data.slice(at);
    },
  },
];
